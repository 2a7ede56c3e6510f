package io.berth.store;

import io.berth.core.security.ban.CounterStore;
import io.berth.core.security.ban.CounterWindow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The flapping and failed-login windows in the durable store ({@link Table#COUNTERS}): key = counter name, 0, key;
 * value = window start (8 bytes), count (4 bytes). A save replaces one counter's windows in one write, not synced:
 * a kill -9 keeps it (the operating system has the log), a power cut may take the last seconds of counts.
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
  public synchronized void save(String counter, List<CounterWindow> windows) throws IOException {
    checkOpen();
    byte[] prefix = prefix(counter);
    byte[] end = prefix.clone();
    end[end.length - 1] = 1; // the name followed by 1 sorts after every name-0-key
    try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
      batch.deleteRange(store.cf(Table.COUNTERS), prefix, end);
      for (CounterWindow w : windows) {
        byte[] k = w.key().getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + k.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(k, 0, key, prefix.length, k.length);
        batch.put(store.cf(Table.COUNTERS), key,
            ByteBuffer.allocate(VALUE_BYTES).putLong(w.startMillis()).putInt(w.count()).array());
      }
      store.write(options, batch);
    } catch (RocksDBException e) {
      throw new IOException("cannot save the " + counter + " counts in " + store.dir() + ": " + e.getMessage(), e);
    }
  }

  /** No load or save after this (the store is about to close); a late one fails with an IOException. */
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

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public String toString() {
    return store.dir() + " (counters)";
  }
}
