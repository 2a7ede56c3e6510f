package io.berth.store;

import io.berth.core.Message;
import io.berth.core.router.InMemoryRetainedStore;
import io.berth.core.router.RetainedStore;
import java.util.List;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Retained messages served from memory and written through to {@link Table#RETAINED} (topic → message). Lookups
 * never touch the disk; a put or remove queues one write for the writer thread, so a later barrier
 * ({@link DurableStore#afterDurable}) on the publisher's loop passes only once the retained message is on disk.
 */
final class DurableRetainedStore implements RetainedStore {
  private final InMemoryRetainedStore memory;
  private final StoreWriter writer;

  private DurableRetainedStore(InMemoryRetainedStore memory, StoreWriter writer) {
    this.memory = memory;
    this.writer = writer;
  }

  /** Loads the stored retained messages (dropping the expired ones from disk) before the writer takes writes. */
  static DurableRetainedStore recover(RocksStore store, StoreWriter writer, LongSupplier clockMillis)
      throws RocksDBException {
    InMemoryRetainedStore memory = new InMemoryRetainedStore(clockMillis);
    long now = clockMillis.getAsLong();
    try (RocksIterator it = store.iterator(Table.RETAINED);
        WriteBatch expired = new WriteBatch();
        WriteOptions sync = new WriteOptions().setSync(true)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Message m = MessageCodec.decode(it.value());
        if (m.isExpired(now)) { // [MQTT-3.3.2-5]: never sent once expired
          expired.delete(store.cf(Table.RETAINED), it.key());
        } else {
          memory.put(m);
        }
        m.release(); // the memory store keeps its own copy
      }
      store.write(sync, expired);
    }
    return new DurableRetainedStore(memory, writer);
  }

  @Override
  public void put(Message message) {
    memory.put(message);
    byte[] key = Keys.topic(message.topic());
    byte[] value = MessageCodec.encode(message);
    writer.submit((batch, store) -> batch.put(store.cf(Table.RETAINED), key, value), null);
  }

  @Override
  public void remove(String topic) {
    memory.remove(topic);
    byte[] key = Keys.topic(topic);
    writer.submit((batch, store) -> batch.delete(store.cf(Table.RETAINED), key), null);
  }

  @Override
  public List<Message> match(String filter) {
    return memory.match(filter);
  }

  @Override
  public List<String> topics() {
    return memory.topics();
  }

  @Override
  public int size() {
    return memory.size();
  }

  /** Releases the memory copies; the disk keeps them for the next start. */
  @Override
  public void close() {
    memory.close();
  }
}
