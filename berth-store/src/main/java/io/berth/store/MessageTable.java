package io.berth.store;

import io.berth.core.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  private final ConcurrentHashMap<Key, Held> held;
  private final java.util.concurrent.atomic.AtomicLong nextId;

  MessageTable(StoreWriter writer, long nextId) {
    this(writer, nextId, 16);
  }

  /** @param recovered messages recovery found: the map is sized for them at once (no rehashing of a million) */
  MessageTable(StoreWriter writer, long nextId, int recovered) {
    this.writer = writer;
    this.nextId = new java.util.concurrent.atomic.AtomicLong(nextId);
    this.held = new ConcurrentHashMap<>(Math.max(16, recovered * 2));
  }

  /** At recovery: a stored message and how many entries hold it. */
  void recovered(Message m, long id, int holders) {
    held.put(new Key(m), new Held(id, holders));
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
    held.computeIfPresent(new Key(m), (k, h) -> {
      if (--h.holders > 0) {
        return h;
      }
      long id = h.id;
      writer.submit((batch, store) -> batch.delete(store.cf(Table.MESSAGES), Keys.messageId(id)), null);
      return null;
    });
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
