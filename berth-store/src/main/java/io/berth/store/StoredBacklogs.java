package io.berth.store;

import io.berth.core.Message;
import io.berth.core.persist.StoredBacklog;
import io.berth.core.router.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The queue entries restored sessions left on disk: read back when a client returns, or dropped when its session
 * ends first. Recovery only counted them, so a restart keeps no queue in memory. Runs on the session's home thread;
 * entries written since the start (sequence at or above {@code firstNewSeq}) are in memory already and skipped.
 */
final class StoredBacklogs {
  private final RocksStore store;
  private final StoreWriter writer;
  private final MessageTable messages;
  private final long firstNewSeq;

  StoredBacklogs(RocksStore store, StoreWriter writer, MessageTable messages, long firstNewSeq) {
    this.store = store;
    this.writer = writer;
    this.messages = messages;
    this.firstNewSeq = firstNewSeq;
  }

  /** The session's stored deliveries; an entry whose message record is missing is deleted (nothing to deliver). */
  StoredBacklog load(String clientId) {
    List<StoredBacklog.Inflight> inflight = new ArrayList<>();
    List<Delivery> queued = new ArrayList<>();
    for (QueueEntry e : entries(clientId)) {
      Message m = messages.readBack(e.messageId(), this::readMessage);
      if (m == null) {
        delete(e);
        continue;
      }
      Delivery d = new Delivery(m, e.qos(), e.retain(), e.subscriptionIds(), null, e.seq());
      if (e.packetId() != 0) {
        inflight.add(new StoredBacklog.Inflight(d, e.packetId(), e.state() == QueueEntry.State.PUBREL_SENT));
      } else {
        queued.add(d);
      }
    }
    return new StoredBacklog(inflight, queued);
  }

  /** Deletes the session's stored entries, and each message with its last holder. */
  void drop(String clientId) {
    for (QueueEntry e : entries(clientId)) {
      delete(e);
      messages.dropUnread(e.messageId());
    }
  }

  private void delete(QueueEntry e) {
    byte[] key = e.key();
    writer.submit((batch, s) -> batch.delete(s.cf(Table.QUEUE), key), null);
  }

  /** The client's entries from before this start, in sequence order (the order they were queued). */
  private List<QueueEntry> entries(String clientId) {
    byte[] prefix = Keys.client(clientId);
    List<QueueEntry> out = new ArrayList<>();
    try (RocksIterator it = store.iterator(Table.QUEUE)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!Keys.samePrefix(prefix, key) || Keys.seqOf(key) >= firstNewSeq) {
          break;
        }
        out.add(QueueEntry.decode(clientId, key, it.value()));
      }
    }
    return out;
  }

  private Message readMessage(long id) {
    try {
      byte[] value = store.get(Table.MESSAGES, Keys.messageId(id));
      return value == null ? null : MessageCodec.decode(value);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read stored message " + id + " in " + store.dir() + ": "
          + e.getMessage(), e);
    }
  }
}
