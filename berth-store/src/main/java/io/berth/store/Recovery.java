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
 * left behind: sessions expired while the broker was down, subscriptions and entries of sessions that are gone, and
 * messages no entry references (orphans). Queue entries and messages are only counted, not decoded: a session's
 * entries are read back when its client returns ({@link StoredBacklogs}), so a restart keeps no queue in memory. One
 * synced write applies the clean-up.
 */
final class Recovery {
  /**
   * @param sessions the live sessions by client id, in key order
   * @param subscriptions their subscriptions by client id
   * @param storedDeliveries how many queue/in-flight entries each has on disk, by client id
   * @param holders how many entries hold each stored message
   * @param wills the wills of live sessions, by client id (each message with one reference, the caller's)
   * @param willsOfExpired the wills of sessions that expired while the broker was down: due now (their records stay
   *     until published)
   * @param entryCount the entries of live sessions
   */
  record Result(Map<String, SessionRecord> sessions, Map<String, List<RestoredSession.Subscription>> subscriptions,
      Map<String, Integer> storedDeliveries, Map<String, List<Integer>> awaitingRel, RecoveredHolders holders,
      Map<String, WillRecord> wills, Map<String, Message> willsOfExpired, long nextMessageId, long nextSeq,
      int expiredSessions, int orphansDeleted, long entryCount) {}

  private final RocksStore store;
  private final long now;
  private final WriteBatch deletes = new WriteBatch();
  private final Map<String, SessionRecord> sessions = new LinkedHashMap<>();
  private final Map<String, List<RestoredSession.Subscription>> subscriptions = new HashMap<>();
  private final Map<String, Integer> storedDeliveries = new HashMap<>();
  private final Map<String, List<Integer>> awaitingRel = new HashMap<>();
  private RecoveredHolders holders = RecoveredHolders.NONE;
  private final java.util.Set<String> expiredIds = new java.util.HashSet<>();
  private final Map<String, WillRecord> wills = new HashMap<>();
  private final Map<String, Message> willsOfExpired = new LinkedHashMap<>();
  private int expired;
  private int orphans;
  private long entries;
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
      r.countEntries();
      r.readAwaitingRel();
      r.dropOrphans();
      r.readWills();
      store.write(sync, r.deletes);
    } finally {
      r.deletes.close();
    }
    return new Result(r.sessions, r.subscriptions, r.storedDeliveries, r.awaitingRel, r.holders, r.wills,
        r.willsOfExpired, r.maxMessageId + 1, r.maxSeq + 1, r.expired, r.orphans, r.entries);
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

  /**
   * Counts each live session's entries and each message's holders (the message id is the first 8 bytes of an entry's
   * value); deletes the entries of sessions that are gone. Entries are in key order, so one client's come together:
   * its id is decoded once, not once per entry.
   */
  private void countEntries() throws RocksDBException {
    byte[] lastPrefix = null;
    String client = null;
    boolean live = false;
    int count = 0;
    long[] heldIds = new long[1024];
    int held = 0;
    try (RocksIterator it = store.iterator(Table.QUEUE)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (lastPrefix == null || !Keys.samePrefix(lastPrefix, key)) {
          if (live) {
            storedDeliveries.put(client, count);
          }
          client = Keys.clientOf(key);
          lastPrefix = Keys.client(client);
          live = sessions.containsKey(client);
          count = 0;
        }
        maxSeq = Math.max(maxSeq, Keys.seqOf(key));
        if (live) {
          if (held == heldIds.length) {
            heldIds = java.util.Arrays.copyOf(heldIds, held * 2);
          }
          heldIds[held++] = QueueEntry.messageIdOf(it.value());
          count++;
        } else {
          deletes.delete(store.cf(Table.QUEUE), key);
        }
      }
    }
    if (live) {
      storedDeliveries.put(client, count);
    }
    entries = held;
    holders = RecoveredHolders.count(heldIds, held);
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

  /** Messages no live entry holds are deleted; only keys are read. */
  private void dropOrphans() throws RocksDBException {
    try (RocksIterator it = store.iterator(Table.MESSAGES)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long id = Keys.messageId(it.key());
        maxMessageId = Math.max(maxMessageId, id);
        if (!holders.contains(id)) {
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
}
