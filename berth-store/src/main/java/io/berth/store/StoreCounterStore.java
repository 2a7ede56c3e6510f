package io.berth.store;

import io.berth.core.security.ban.CounterStore;
import io.berth.core.security.ban.CounterWindow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The flapping and failed-login windows in the durable store ({@link Table#COUNTERS}): key = counter name, 0, key;
 * value = window start (8 bytes), count (4 bytes). An update writes the changed windows of one counter and deletes its
 * gone ones in one write batch (all or nothing), not synced: a kill -9 keeps it (the operating system has the log), a
 * power cut may take the last seconds of counts.
 */
final class StoreCounterStore implements CounterStore {
  private static final int VALUE_BYTES = Long.BYTES + Integer.BYTES;

  private final RocksStore store;
  private boolean closed; // guarded by this

  StoreCounterStore(RocksStore store) {
    this.store = store;
  }

  @Override
  public synchronized List<CounterWindow> load(String counter) throws IOException {
    checkOpen();
    byte[] prefix = prefix(counter);
    List<CounterWindow> out = new ArrayList<>();
    try (RocksIterator it = store.iterator(Table.COUNTERS)) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        if (value.length != VALUE_BYTES) {
          throw new IOException("data directory " + store.dir() + " is corrupt: a stored " + counter
              + " window has " + value.length + " bytes; restore a backup, or move the directory away");
        }
        ByteBuffer v = ByteBuffer.wrap(value);
        out.add(new CounterWindow(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8),
            v.getLong(), v.getInt()));
      }
    }
    return out;
  }

  @Override
  public synchronized void update(String counter, List<CounterWindow> changed, Collection<String> gone)
      throws IOException {
    checkOpen();
    byte[] prefix = prefix(counter);
    try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
      for (CounterWindow w : changed) {
        batch.put(store.cf(Table.COUNTERS), key(prefix, w.key()),
            ByteBuffer.allocate(VALUE_BYTES).putLong(w.startMillis()).putInt(w.count()).array());
      }
      for (String key : gone) {
        batch.delete(store.cf(Table.COUNTERS), key(prefix, key));
      }
      store.write(options, batch);
    } catch (RocksDBException e) {
      throw new IOException("cannot save the " + counter + " counts in " + store.dir() + ": " + e.getMessage(), e);
    }
  }

  /** No load or update after this (the store is about to close); a late one fails with an IOException. */
  synchronized void close() {
    closed = true;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the store in " + store.dir() + " is closed");
    }
  }

  private static byte[] prefix(String counter) {
    byte[] name = counter.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[name.length + 1];
    System.arraycopy(name, 0, prefix, 0, name.length);
    return prefix;
  }

  private static byte[] key(byte[] prefix, String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(prefix, prefix.length + k.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public String toString() {
    return store.dir() + " (counters)";
  }
}
