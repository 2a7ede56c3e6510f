package io.berth.store;

import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Bans in the durable store ({@link Table#BANS}): key = kind word, 0, value; the record = when made, until when, by
 * whom, why. A save replaces the whole list in one synced write (all or nothing, on disk before it returns), on the
 * broker's ban thread, beside the writer thread (RocksDB takes writes from several threads). When the table has never
 * been written (no {@code MARKER} record) and a ban file from a broker that ran without durability exists, {@link
 * #load} reads that file once ({@code importFrom}) and saves its bans here; from then on the store is what counts.
 */
public final class StoreBanStore implements BanStore {
  private static final int FORMAT = 1;
  private static final byte[] FIRST = new byte[0];
  /** Written with every save: the table has been written, even if it holds no ban (kind words never start with 0). */
  private static final byte[] MARKER = {0};
  /** Kind words are ASCII letters: every key sorts below it. */
  private static final byte[] AFTER_LAST = {(byte) 0xFF};

  private final RocksStore store;
  private final BanStore importFrom;
  private boolean closed; // guarded by this

  /** @param importFrom read when the store holds no bans yet ({@link BanStore#NONE} for nothing) */
  StoreBanStore(RocksStore store, BanStore importFrom) {
    this.store = store;
    this.importFrom = importFrom;
  }

  @Override
  public synchronized List<Ban> load() throws IOException {
    checkOpen();
    List<Ban> bans = new ArrayList<>();
    boolean written = false;
    try (RocksIterator it = store.iterator(Table.BANS)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (java.util.Arrays.equals(it.key(), MARKER)) {
          written = true;
        } else {
          bans.add(decode(it.key(), it.value()));
        }
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IOException("data directory " + store.dir() + " is corrupt: a stored ban does not decode ("
          + e.getMessage() + "); restore a backup, or move the directory away", e);
    }
    if (written) {
      return bans;
    }
    List<Ban> imported = importFrom.load();
    save(imported);
    return imported;
  }

  @Override
  public synchronized void save(List<Ban> bans) throws IOException {
    checkOpen();
    try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
      batch.deleteRange(store.cf(Table.BANS), FIRST, AFTER_LAST);
      batch.put(store.cf(Table.BANS), MARKER, new byte[0]);
      for (Ban b : bans) {
        batch.put(store.cf(Table.BANS), key(b), value(b));
      }
      store.write(sync, batch);
    } catch (RocksDBException e) {
      throw new IOException("cannot save bans in " + store.dir() + ": " + e.getMessage(), e);
    }
  }

  /** No save after this (the store is about to close); a late one fails with an IOException. */
  synchronized void close() {
    closed = true;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the store in " + store.dir() + " is closed");
    }
  }

  static byte[] key(Ban b) {
    byte[] kind = b.kind().word().getBytes(StandardCharsets.UTF_8);
    byte[] value = b.value().getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[kind.length + 1 + value.length];
    System.arraycopy(kind, 0, key, 0, kind.length);
    System.arraycopy(value, 0, key, kind.length + 1, value.length);
    return key;
  }

  static byte[] value(Ban b) {
    ByteBuf out = Unpooled.buffer(64);
    try {
      out.writeByte(FORMAT).writeLong(b.atMillis()).writeLong(b.untilMillis());
      MessageCodec.writeString(out, b.by());
      MessageCodec.writeString(out, b.reason());
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  static Ban decode(byte[] key, byte[] value) {
    int zero = 0;
    while (zero < key.length && key[zero] != 0) {
      zero++;
    }
    if (zero == key.length) {
      throw new IllegalArgumentException("ban key without a kind");
    }
    BanKind kind = BanKind.parse(new String(key, 0, zero, StandardCharsets.UTF_8));
    String banned = new String(key, zero + 1, key.length - zero - 1, StandardCharsets.UTF_8);
    ByteBuf in = Unpooled.wrappedBuffer(value);
    int format = in.readUnsignedByte();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown stored ban format " + format);
    }
    long at = in.readLong();
    long until = in.readLong();
    String by = MessageCodec.readString(in);
    String reason = MessageCodec.readString(in);
    return new Ban(kind, banned, reason, by, at, until);
  }

  @Override
  public String toString() {
    return store.dir() + " (bans)";
  }
}
