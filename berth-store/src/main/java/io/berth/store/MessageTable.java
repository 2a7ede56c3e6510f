package io.berth.store;

import io.berth.core.Message;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Messages stored once and shared by every session entry that holds them: a fan-out to 10,000 offline sessions
 * writes one payload and 10,000 small {@link QueueEntry} records. A message is known by identity (the one object
 * the router hands to every session); its holder count lives in memory (rebuilt by {@link Recovery}) and the record
 * is deleted when the last holder lets go.
 */
public final class MessageTable {
  /** Identity, not the record's value equality (which would hash the payload). */
  private record Key(Message message) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.message == message;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(message);
    }
  }

  private static final class Held {
    final long id;
    int holders;

    Held(long id, int holders) {
      this.id = id;
      this.holders = holders;
    }
  }

  private final StoreWriter writer;
  private final ConcurrentHashMap<Key, Held> held = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong nextId;
  /** Ids below it were stored before this start: only those may have been read back. */
  private final long firstNewId;
  /** Holders of the stored messages not read back yet (guarded by this). */
  private final RecoveredHolders recovered;
  /** Stored messages read back for restored sessions, by id, each with the table's own reference (guarded by this). */
  private final Map<Long, Message> readBack = new HashMap<>();

  MessageTable(StoreWriter writer, long nextId) {
    this(writer, nextId, RecoveredHolders.NONE);
  }

  /** @param recovered the holders recovery counted for the stored messages */
  MessageTable(StoreWriter writer, long nextId, RecoveredHolders recovered) {
    this.writer = writer;
    this.nextId = new java.util.concurrent.atomic.AtomicLong(nextId);
    this.firstNewId = nextId;
    this.recovered = recovered;
  }

  /**
   * Stored message {@code id}, read back for a restored session's entry: the same object for every session that holds
   * it, with one reference for the caller; null when its record is missing (the entry is dangling: drop it).
   *
   * @param read decodes the record, or null when there is none
   */
  synchronized Message readBack(long id, LongFunction<Message> read) {
    Message m = readBack.get(id);
    if (m != null) {
      return m.retain();
    }
    int holders = recovered.take(id);
    m = holders == 0 ? null : read.apply(id);
    if (m == null) {
      return null;
    }
    held.put(new Key(m), new Held(id, holders));
    readBack.put(id, m.retain()); // the table's reference; the decoder's goes to the caller
    return m;
  }

  /** A restored session's entry for message {@code id} was dropped unread; the last holder deletes the record. */
  void dropUnread(long id) {
    Message m;
    synchronized (this) {
      m = readBack.get(id);
      if (m == null) {
        if (recovered.drop(id) == 0) {
          writer.submit((batch, store) -> batch.delete(store.cf(Table.MESSAGES), Keys.messageId(id)), null);
        }
        return;
      }
    }
    release(m);
  }

  /**
   * One more holder of {@code m}; the first one queues the message's write (before the caller queues its entry, so
   * the FIFO writer stores the message first). Returns the message's id.
   */
  public long hold(Message m) {
    Held h = held.compute(new Key(m), (k, old) -> {
      if (old != null) {
        old.holders++;
        return old;
      }
      long id = nextId.getAndIncrement();
      byte[] value = MessageCodec.encode(m);
      writer.submit((batch, store) -> batch.put(store.cf(Table.MESSAGES), Keys.messageId(id), value), null);
      return new Held(id, 1);
    });
    return h.id;
  }

  /** One holder is done; the last one deletes the record. */
  public void release(Message m) {
    long[] deleted = {0};
    held.computeIfPresent(new Key(m), (k, h) -> {
      if (--h.holders > 0) {
        return h;
      }
      long id = h.id;
      deleted[0] = id;
      writer.submit((batch, store) -> batch.delete(store.cf(Table.MESSAGES), Keys.messageId(id)), null);
      return null;
    });
    if (deleted[0] != 0 && deleted[0] < firstNewId) {
      forgetReadBack(deleted[0]); // outside the map's lock: readBack() takes this one, then the map's
    }
  }

  /** The store closes: the table's references to messages read back go (the sessions have released theirs). */
  synchronized void releaseReadBack() {
    readBack.values().forEach(Message::release);
    readBack.clear();
  }

  private synchronized void forgetReadBack(long id) {
    Message m = readBack.remove(id);
    if (m != null) {
      m.release();
    }
  }

  /** The stored id of a held message, or 0. */
  long idOf(Message m) {
    Held h = held.get(new Key(m));
    return h == null ? 0 : h.id;
  }

  /** Whether some entry holds {@code m}. */
  public boolean holds(Message m) {
    return held.containsKey(new Key(m));
  }

  /** Holders of a message, 0 if none (tests, admin). */
  public int holders(Message m) {
    Held h = held.get(new Key(m));
    return h == null ? 0 : h.holders;
  }

  /** Messages held in memory (the stored ones not read back yet are not counted). */
  public int size() {
    return held.size();
  }

  /** The ids in use (tests). */
  Map<Long, Integer> snapshot() {
    Map<Long, Integer> out = new java.util.HashMap<>();
    held.values().forEach(h -> out.put(h.id, h.holders));
    return out;
  }
}
