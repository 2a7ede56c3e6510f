package io.berth.store;

import io.berth.core.Message;
import io.berth.core.persist.RestoredSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Reads the persistent sessions at start-up, before the writer takes writes, and cleans up what a crash or an expiry
 * left behind: sessions expired while the broker was down, subscriptions and entries of sessions that are gone,
 * messages no entry references (orphans) and entries whose message is gone. One synced write applies the clean-up.
 */
final class Recovery {
  /**
   * @param sessions the live sessions by client id, in key order
   * @param subscriptions their subscriptions by client id
   * @param entries their queue/in-flight entries by client id, in the order they were queued
   * @param messages the messages the entries reference, by id (each with one reference, the caller's)
   * @param holders entries per message id
   * @param wills the wills of live sessions, by client id (each message with one reference, the caller's)
   * @param willsOfExpired the wills of sessions that expired while the broker was down: due now (their records stay
   *     until published)
   */
  record Result(Map<String, SessionRecord> sessions, Map<String, List<RestoredSession.Subscription>> subscriptions,
      Map<String, List<QueueEntry>> entries, Map<String, List<Integer>> awaitingRel, Map<Long, Message> messages,
      Map<Long, Integer> holders, Map<String, WillRecord> wills, Map<String, Message> willsOfExpired,
      long nextMessageId, long nextSeq, int expiredSessions, int orphansDeleted, int danglingEntries) {

    int entryCount() {
      return entries.values().stream().mapToInt(List::size).sum();
    }
  }

  private final RocksStore store;
  private final long now;
  private final WriteBatch deletes = new WriteBatch();
  private final Map<String, SessionRecord> sessions = new LinkedHashMap<>();
  private final Map<String, List<RestoredSession.Subscription>> subscriptions = new HashMap<>();
  private final Map<String, List<QueueEntry>> entries = new LinkedHashMap<>();
  private final Map<String, List<Integer>> awaitingRel = new HashMap<>();
  private final Map<Long, Integer> holders = new HashMap<>();
  private final Map<Long, Message> messages = new HashMap<>();
  private final java.util.Set<String> expiredIds = new java.util.HashSet<>();
  private final Map<String, WillRecord> wills = new HashMap<>();
  private final Map<String, Message> willsOfExpired = new LinkedHashMap<>();
  private int expired;
  private int orphans;
  private int dangling;
  private long maxSeq;
  private long maxMessageId;

  private Recovery(RocksStore store, long now) {
    this.store = store;
    this.now = now;
  }

  static Result run(RocksStore store, long nowMillis) throws RocksDBException {
    Recovery r = new Recovery(store, nowMillis);
    try (WriteOptions sync = new WriteOptions().setSync(true)) {
      r.readSessions();
      r.readSubscriptions();
      r.readEntries();
      r.readAwaitingRel();
      r.readMessages();
      r.dropDangling();
      r.readWills();
      store.write(sync, r.deletes);
    } finally {
      r.deletes.close();
    }
    return new Result(r.sessions, r.subscriptions, r.entries, r.awaitingRel, r.messages, r.holders, r.wills,
        r.willsOfExpired, r.maxMessageId + 1,
        r.maxSeq + 1, r.expired, r.orphans, r.dangling);
  }

  private void readSessions() throws RocksDBException {
    try (RocksIterator it = store.iterator(Table.SESSIONS)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        SessionRecord s = SessionRecord.decode(it.key(), it.value());
        if (s.expiresInMillis(now) == 0) { // expired while the broker was down
          deletes.delete(store.cf(Table.SESSIONS), it.key());
          expiredIds.add(s.clientId());
          expired++;
        } else {
          sessions.put(s.clientId(), s);
        }
      }
    }
  }

  private void readSubscriptions() throws RocksDBException {
    try (RocksIterator it = store.iterator(Table.SUBSCRIPTIONS)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String client = Keys.clientOf(it.key());
        if (sessions.containsKey(client)) {
          subscriptions.computeIfAbsent(client, c -> new ArrayList<>())
              .add(SubscriptionRecord.decode(it.key(), it.value()));
        } else {
          deletes.delete(store.cf(Table.SUBSCRIPTIONS), it.key());
        }
      }
    }
  }

  /** Entries are in key order, so one client's come together: its id is decoded once, not once per entry. */
  private void readEntries() throws RocksDBException {
    byte[] lastPrefix = null;
    String client = null;
    boolean live = false;
    List<QueueEntry> list = null;
    try (RocksIterator it = store.iterator(Table.QUEUE)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (lastPrefix == null || !Keys.samePrefix(lastPrefix, key)) {
          client = Keys.clientOf(key);
          lastPrefix = Keys.client(client);
          live = sessions.containsKey(client);
          list = live ? entries.computeIfAbsent(client, c -> new ArrayList<>()) : null;
        }
        if (live) {
          QueueEntry e = QueueEntry.decode(client, key, it.value());
          maxSeq = Math.max(maxSeq, e.seq());
          list.add(e);
          holders.merge(e.messageId(), 1, Integer::sum);
        } else {
          maxSeq = Math.max(maxSeq, Keys.seqOf(key));
          deletes.delete(store.cf(Table.QUEUE), key);
        }
      }
    }
  }

  private void readAwaitingRel() throws RocksDBException {
    try (RocksIterator it = store.iterator(Table.AWAITING_REL)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String client = Keys.clientOf(it.key());
        if (sessions.containsKey(client)) {
          awaitingRel.computeIfAbsent(client, c -> new ArrayList<>()).add(Keys.packetIdOf(it.key()));
        } else {
          deletes.delete(store.cf(Table.AWAITING_REL), it.key());
        }
      }
    }
  }

  private void readMessages() throws RocksDBException {
    try (RocksIterator it = store.iterator(Table.MESSAGES)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long id = Keys.messageId(it.key());
        maxMessageId = Math.max(maxMessageId, id);
        if (holders.containsKey(id)) {
          messages.put(id, MessageCodec.decode(it.value()));
        } else {
          deletes.delete(store.cf(Table.MESSAGES), it.key());
          orphans++;
        }
      }
    }
  }

  /**
   * Wills: those of live sessions go back with them; those of sessions that expired while the broker was down are due
   * (the session ended [MQTT-3.1.2-8]); others (no session) are deleted.
   */
  private void readWills() throws RocksDBException {
    try (RocksIterator it = store.iterator(Table.WILLS)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String client = Keys.clientOf(it.key());
        if (sessions.containsKey(client)) {
          wills.put(client, WillRecord.decode(it.value()));
        } else if (expiredIds.contains(client)) {
          willsOfExpired.put(client, WillRecord.decode(it.value()).will());
        } else {
          deletes.delete(store.cf(Table.WILLS), it.key());
        }
      }
    }
  }

  /** Entries whose message is gone cannot be delivered (a store written by this code never has them). */
  private void dropDangling() throws RocksDBException {
    for (List<QueueEntry> list : entries.values()) {
      for (var i = list.iterator(); i.hasNext(); ) {
        QueueEntry e = i.next();
        if (!messages.containsKey(e.messageId())) {
          deletes.delete(store.cf(Table.QUEUE), e.key());
          holders.remove(e.messageId());
          i.remove();
          dangling++;
        }
      }
    }
  }
}
