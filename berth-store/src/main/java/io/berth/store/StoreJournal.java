package io.berth.store;

import io.berth.core.Message;
import io.berth.core.persist.SessionJournal;
import io.berth.core.persist.StoredBacklog;
import io.berth.core.router.Delivery;
import io.berth.core.router.SubscriptionEntry;
import io.berth.core.session.Session;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Persistent sessions written to the store: each call queues its writes for the {@link StoreWriter} and returns at
 * once. The writer's FIFO keeps them in call order across loops.
 */
final class StoreJournal implements SessionJournal {
  private final StoreWriter writer;
  private final MessageTable messages;
  private final StoredBacklogs backlogs;
  private final AtomicLong nextSeq;
  private final LongSupplier clockMillis;

  StoreJournal(StoreWriter writer, MessageTable messages, StoredBacklogs backlogs, long nextSeq,
      LongSupplier clockMillis) {
    this.writer = writer;
    this.messages = messages;
    this.backlogs = backlogs;
    this.nextSeq = new AtomicLong(nextSeq);
    this.clockMillis = clockMillis;
  }

  @Override
  public void sessionSaved(Session s) {
    put(Table.SESSIONS, Keys.client(s.clientId()), new SessionRecord(s.clientId(), s.expiryIntervalSeconds(), 0));
  }

  @Override
  public void sessionOffline(Session s) {
    put(Table.SESSIONS, Keys.client(s.clientId()),
        new SessionRecord(s.clientId(), s.expiryIntervalSeconds(), clockMillis.getAsLong()));
  }

  private void put(Table t, byte[] key, SessionRecord r) {
    byte[] value = r.value();
    writer.submit((batch, store) -> batch.put(store.cf(t), key, value), null);
  }

  /** Also forgets the incoming QoS 2 ids: a clean start clears them with the subscriptions. */
  @Override
  public void subscriptionsCleared(String clientId) {
    byte[] prefix = Keys.client(clientId);
    byte[] end = Keys.clientRangeEnd(clientId);
    writer.submit((batch, store) -> batch.deleteRange(store.cf(Table.AWAITING_REL), prefix, end), null);
    clearSubscriptions(clientId);
  }

  private void clearSubscriptions(String clientId) {
    byte[] from = Keys.client(clientId);
    byte[] to = Keys.clientRangeEnd(clientId);
    writer.submit((batch, store) -> batch.deleteRange(store.cf(Table.SUBSCRIPTIONS), from, to), null);
  }

  /** Queue entries are not touched: each is deleted when its delivery finishes (the session releases them). */
  @Override
  public void sessionEnded(String clientId) {
    subscriptionsCleared(clientId);
    willGone(clientId);
    byte[] key = Keys.client(clientId);
    writer.submit((batch, store) -> batch.delete(store.cf(Table.SESSIONS), key), null);
  }

  @Override
  public void willStored(Session s, Message will, long willDelaySeconds) {
    byte[] key = Keys.client(s.clientId());
    byte[] value = WillRecord.value(will, willDelaySeconds);
    writer.submit((batch, store) -> batch.put(store.cf(Table.WILLS), key, value), null);
  }

  @Override
  public void willGone(String clientId) {
    byte[] key = Keys.client(clientId);
    writer.submit((batch, store) -> batch.delete(store.cf(Table.WILLS), key), null);
  }

  @Override
  public void subscribed(Session s, String rawFilter, SubscriptionEntry entry) {
    byte[] key = SubscriptionRecord.key(s.clientId(), rawFilter);
    byte[] value = SubscriptionRecord.value(entry);
    writer.submit((batch, store) -> batch.put(store.cf(Table.SUBSCRIPTIONS), key, value), null);
  }

  @Override
  public void unsubscribed(Session s, String rawFilter) {
    byte[] key = SubscriptionRecord.key(s.clientId(), rawFilter);
    writer.submit((batch, store) -> batch.delete(store.cf(Table.SUBSCRIPTIONS), key), null);
  }

  @Override
  public Delivery queued(Session s, Delivery d) {
    long seq = nextSeq.getAndIncrement();
    long messageId = messages.hold(d.message()); // the message's write is queued first
    QueueEntry e = QueueEntry.queued(s.clientId(), seq, messageId, d);
    byte[] key = e.key();
    byte[] value = e.value();
    writer.submit((batch, store) -> batch.put(store.cf(Table.QUEUE), key, value), null);
    return d.withStoreSeq(seq);
  }

  @Override
  public void finished(Session s, Delivery d) {
    byte[] key = Keys.clientSeq(s.clientId(), d.storeSeq());
    writer.submit((batch, store) -> batch.delete(store.cf(Table.QUEUE), key), null);
    messages.release(d.message());
  }

  @Override
  public void inflight(Session s, Delivery d, int packetId, boolean released) {
    long messageId = messages.idOf(d.message());
    if (messageId == 0) {
      return; // finished meanwhile
    }
    QueueEntry e = new QueueEntry(s.clientId(), d.storeSeq(), messageId, d.qos(), d.retain(), d.subscriptionIds(),
        packetId, released ? QueueEntry.State.PUBREL_SENT : QueueEntry.State.PUBLISH_SENT);
    byte[] key = e.key();
    byte[] value = e.value();
    writer.submit((batch, store) -> batch.put(store.cf(Table.QUEUE), key, value), null);
  }

  @Override
  public void awaitingRel(Session s, int packetId, boolean added) {
    byte[] key = Keys.clientPacketId(s.clientId(), packetId);
    if (added) {
      writer.submit((batch, store) -> batch.put(store.cf(Table.AWAITING_REL), key, new byte[0]), null);
    } else {
      writer.submit((batch, store) -> batch.delete(store.cf(Table.AWAITING_REL), key), null);
    }
  }

  /** The writer keeps what {@code work} queues from this thread in one batch (other threads' writes may join). */
  @Override
  public void atomically(Runnable work) {
    writer.beginGroup();
    try {
      work.run();
    } finally {
      writer.endGroup();
    }
  }

  @Override
  public StoredBacklog loadBacklog(String clientId) {
    return backlogs.load(clientId);
  }

  @Override
  public void dropBacklog(String clientId) {
    backlogs.drop(clientId);
  }

  @Override
  public boolean holds(Message m) {
    return messages.holds(m);
  }
}
