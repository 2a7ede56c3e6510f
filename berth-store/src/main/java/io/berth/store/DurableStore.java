package io.berth.store;

import io.berth.core.EventLoopRef;
import io.berth.core.persist.Persistence;
import io.berth.core.persist.SessionJournal;
import io.berth.core.security.ban.BanStore;
import io.berth.core.security.ban.CounterStore;
import io.berth.core.router.RetainedStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable state of a broker in one data directory: opened and recovered at start-up (before the listeners
 * open), then written by one {@link StoreWriter}. It is the broker's {@link Persistence}: a barrier queued behind
 * the writes it must wait for, and the journal of persistent sessions.
 */
public final class DurableStore implements Persistence, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableStore.class);
  private static final int QUEUE_CAPACITY = 65_536;

  private final RocksStore store;
  private final StoreWriter writer;
  private final MessageTable messages;
  private final StoreJournal journal;
  private final DurableRetainedStore retained;
  private final SessionRestore restore;
  private StoreBanStore bans; // made on demand, closed with the store
  private StoreCounterStore counters; // made on demand, closed with the store

  private DurableStore(RocksStore store, StoreWriter writer, Recovery.Result recovered,
      DurableRetainedStore retained, LongSupplier clockMillis) {
    this.store = store;
    this.writer = writer;
    this.messages = new MessageTable(writer, recovered.nextMessageId(), recovered.holders());
    this.journal = new StoreJournal(writer, messages,
        new StoredBacklogs(store, writer, messages, recovered.nextSeq()), recovered.nextSeq(), clockMillis);
    this.retained = retained;
    this.restore = new SessionRestore(recovered, clockMillis);
  }

  /**
   * Opens the store in {@code dir} and recovers it.
   *
   * @param sync BATCH or INTERVAL (NONE opens no store)
   * @throws StoreException one line naming the directory and what to do
   */
  public static DurableStore open(Path dir, SyncMode sync, long syncIntervalMillis, LongSupplier clockMillis)
      throws StoreException {
    long start = System.nanoTime();
    RocksStore store = RocksStore.open(dir);
    long opened = System.nanoTime();
    try {
      Recovery.Result r = Recovery.run(store, clockMillis.getAsLong());
      StoreWriter writer = new StoreWriter(store, sync, syncIntervalMillis, QUEUE_CAPACITY);
      DurableRetainedStore retained = DurableRetainedStore.recover(store, writer, clockMillis);
      log.info("Recovered from {} in {} ms (RocksDB open and log replay {} ms): {} persistent sessions ({} expired and dropped), {} queued messages "
              + "({} stored once, {} orphans deleted), {} wills ({} of expired sessions, published now), {} retained "
              + "messages; sync = {}", dir,
          (System.nanoTime() - start) / 1_000_000, (opened - start) / 1_000_000, r.sessions().size(), r.expiredSessions(), r.entryCount(),
          r.holders().size(), r.orphansDeleted(), r.wills().size() + r.willsOfExpired().size(),
          r.willsOfExpired().size(), retained.size(), sync.name().toLowerCase(Locale.ROOT));
      return new DurableStore(store, writer, r, retained, clockMillis);
    } catch (RocksDBException e) {
      store.close();
      throw RocksStore.explain(dir, e);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) { // a record that does not decode
      store.close();
      throw new StoreException("data directory " + dir + " is corrupt (" + e.getMessage() + "): restore a backup, "
          + "or move the directory away to start with no stored state", e);
    }
  }

  public RetainedStore retained() {
    return retained;
  }

  /** The recovered persistent sessions, to be parked in the broker's registry once (before listeners open). */
  public SessionRestore restore() {
    return restore;
  }

  /**
   * Bans kept in this store, made once.
   *
   * @param importFrom read once if the store has never held bans (the ban file of a broker that ran without
   *     durability), {@link BanStore#NONE} for nothing
   */
  public synchronized BanStore bans(BanStore importFrom) {
    if (bans == null) {
      bans = new StoreBanStore(store, importFrom);
    }
    return bans;
  }

  /** The flapping and failed-login windows kept in this store. */
  public synchronized CounterStore counters() {
    if (counters == null) {
      counters = new StoreCounterStore(store);
    }
    return counters;
  }

  MessageTable messages() {
    return messages;
  }

  RocksStore rocks() {
    return store;
  }

  StoreWriter writer() {
    return writer;
  }

  @Override
  public SessionJournal sessions() {
    return journal;
  }

  @Override
  public boolean isDurable() {
    return true;
  }

  @Override
  public void afterDurable(EventLoopRef loop, Durable then) {
    writer.submit(null, written -> loop.execute(() -> then.done(written)));
  }

  /** Writes what is queued, syncs and closes. Call once the event loops have stopped. */
  @Override
  public void close() {
    synchronized (this) {
      if (bans != null) {
        bans.close();
      }
      if (counters != null) {
        counters.close();
      }
    }
    writer.close();
    store.close();
    restore.releaseUnclaimed();
    messages.releaseReadBack();
  }
}
