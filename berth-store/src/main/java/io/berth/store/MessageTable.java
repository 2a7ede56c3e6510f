package io.berth.store;

import io.berth.core.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages stored once and shared by every session entry that holds them: a fan-out to 10,000 offline sessions
 * writes one payload and 10,000 small {@link QueueEntry} records. Reference counts live in memory (rebuilt by
 * {@link Recovery}); the record is deleted when its last holder lets go.
 */
public final class MessageTable {
  private final StoreWriter writer;
  private final AtomicLong nextId;
  private final ConcurrentHashMap<Long, AtomicInteger> holders;

  MessageTable(StoreWriter writer, long nextId, Map<Long, Integer> recoveredHolders) {
    this.writer = writer;
    this.nextId = new AtomicLong(nextId);
    this.holders = new ConcurrentHashMap<>();
    recoveredHolders.forEach((id, n) -> holders.put(id, new AtomicInteger(n)));
  }

  /**
   * Stores {@code m} for {@code holderCount} holders, each of which must {@link #release} it once; queued before
   * the caller's entries that reference it, so the writer's FIFO writes it first. Returns its id.
   */
  public long store(Message m, int holderCount) {
    if (holderCount <= 0) {
      throw new IllegalArgumentException("a message is stored for at least one holder");
    }
    long id = nextId.getAndIncrement();
    holders.put(id, new AtomicInteger(holderCount));
    byte[] value = MessageCodec.encode(m);
    writer.submit((batch, store) -> batch.put(store.cf(Table.MESSAGES), Keys.messageId(id), value), null);
    return id;
  }

  /** One holder is done; the last one deletes the record. */
  public void release(long id) {
    AtomicInteger n = holders.get(id);
    if (n != null && n.decrementAndGet() == 0 && holders.remove(id, n)) {
      writer.submit((batch, store) -> batch.delete(store.cf(Table.MESSAGES), Keys.messageId(id)), null);
    }
  }

  /** Holders of a message, 0 if unknown (tests, admin). */
  public int holders(long id) {
    AtomicInteger n = holders.get(id);
    return n == null ? 0 : n.get();
  }

  public int size() {
    return holders.size();
  }
}
