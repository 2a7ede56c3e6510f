package io.berth.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database in the data directory, with one column family per {@link Table}. Opening it turns every
 * RocksDB failure into a one-line {@link StoreException} that names the directory and says what to do.
 */
public final class RocksStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final EnumMap<Table, ColumnFamilyHandle> byTable = new EnumMap<>(Table.class);

  private RocksStore(Path dir, DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.dir = dir;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.db = db;
    this.handles = handles;
    for (Table t : Table.values()) {
      byTable.put(t, handles.get(t.ordinal() + 1)); // 0 is RocksDB's "default" family, unused
    }
  }

  /** The write-ahead log kept before a flush: at most this much is replayed at start-up after a crash. */
  static final long MAX_TOTAL_WAL_BYTES = 64L << 20;

  /** Opens (creating if needed) the store in {@code dir}. */
  public static RocksStore open(Path dir) throws StoreException {
    prepare(dir);
    // After a crash the write-ahead log is replayed into memtables; flushing them to files there and then would hold
    // start-up for seconds, so they are flushed later in the background as usual.
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setParanoidChecks(true).setAvoidFlushDuringRecovery(true)
        // Bounds what a restart after a crash replays: past it, the column families holding the oldest log are flushed.
        .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Table t : Table.values()) {
      descriptors.add(new ColumnFamilyDescriptor(t.cfName(), cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new RocksStore(dir, dbOptions, cfOptions, db, handles);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      throw explain(dir, e);
    }
  }

  private static void prepare(Path dir) throws StoreException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("data directory " + dir + " cannot be created (" + e.getClass().getSimpleName()
          + "): create it or set durability.data_dir to a writable directory", e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException("data directory " + dir + " is not writable: fix its permissions or set "
          + "durability.data_dir to a writable directory", null);
    }
  }

  /** A RocksDB failure at open, in words an operator can act on. */
  static StoreException explain(Path dir, RocksDBException e) {
    String m = String.valueOf(e.getMessage());
    String lower = m.toLowerCase(Locale.ROOT);
    boolean corrupt = lower.contains("corruption")
        || (e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption);
    String what;
    if (corrupt) {
      what = "is corrupt (" + m + "): restore a backup, or move the directory away to start with no stored state";
    } else if (lower.contains("lock")) {
      what = "is in use by another process (its LOCK file is held): stop the other broker or set "
          + "durability.data_dir to another directory";
    } else if (lower.contains("no space")) {
      what = "is on a full disk: free some space and start again";
    } else if (lower.contains("permission") || lower.contains("read-only")) {
      what = "is not writable (" + m + "): fix its permissions or set durability.data_dir to a writable directory";
    } else {
      what = "cannot be opened (" + m + ")";
    }
    return new StoreException("data directory " + dir + " " + what, e);
  }

  public Path dir() {
    return dir;
  }

  ColumnFamilyHandle cf(Table t) {
    return byTable.get(t);
  }

  void write(WriteOptions options, WriteBatch batch) throws RocksDBException {
    db.write(options, batch);
  }

  /** Forces the write-ahead log to disk (sync = interval). */
  void syncWal() throws RocksDBException {
    db.flushWal(true);
  }

  /** Reads one record, for tests and recovery. */
  public byte[] get(Table t, byte[] key) throws RocksDBException {
    return db.get(cf(t), key);
  }

  /** An iterator over a table; the caller closes it. Recovery and tests only. */
  RocksIterator iterator(Table t) {
    return db.newIterator(cf(t));
  }

  /** Number of records in a table (a full scan: tests and recovery logs). */
  public long count(Table t) {
    long n = 0;
    try (RocksIterator it = iterator(t)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    dbOptions.close();
    cfOptions.close();
  }
}
