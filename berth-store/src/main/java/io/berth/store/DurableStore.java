package io.berth.store;

import io.berth.core.EventLoopRef;
import io.berth.core.persist.Persistence;
import io.berth.core.router.RetainedStore;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable state of a broker in one data directory: opened and recovered at start-up (before the listeners
 * open), then written by one {@link StoreWriter}. It is the broker's {@link Persistence}: a barrier queued behind
 * the writes it must wait for.
 */
public final class DurableStore implements Persistence, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableStore.class);
  private static final int QUEUE_CAPACITY = 65_536;

  private final RocksStore store;
  private final StoreWriter writer;
  private final MessageTable messages;
  private final QueueTable queue;
  private final DurableRetainedStore retained;
  private final Recovery.Result recovered;
  private boolean recoveredTaken;

  private DurableStore(RocksStore store, StoreWriter writer, Recovery.Result recovered,
      DurableRetainedStore retained) {
    this.store = store;
    this.writer = writer;
    this.recovered = recovered;
    this.messages = new MessageTable(writer, recovered.nextMessageId(), recovered.holders());
    this.queue = new QueueTable(writer);
    this.retained = retained;
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
    try {
      Recovery.Result recovered = Recovery.run(store);
      StoreWriter writer = new StoreWriter(store, sync, syncIntervalMillis, QUEUE_CAPACITY);
      DurableRetainedStore retained = DurableRetainedStore.recover(store, writer, clockMillis);
      log.info("Recovered from {} in {} ms: {} retained messages, {} queued messages for sessions "
              + "({} stored messages, {} orphans deleted), sync = {}", dir, (System.nanoTime() - start) / 1_000_000,
          retained.size(), recovered.entries().size(), recovered.messages().size(), recovered.orphansDeleted(),
          sync.name().toLowerCase(java.util.Locale.ROOT));
      return new DurableStore(store, writer, recovered, retained);
    } catch (RocksDBException e) {
      store.close();
      throw RocksStore.explain(dir, e);
    } catch (IllegalArgumentException e) { // a record that does not decode
      store.close();
      throw new StoreException("data directory " + dir + " is corrupt (" + e.getMessage() + "): restore a backup, "
          + "or move the directory away to start with no stored state", e);
    }
  }

  public RetainedStore retained() {
    return retained;
  }

  public MessageTable messages() {
    return messages;
  }

  public QueueTable queue() {
    return queue;
  }

  /**
   * What recovery read: the session entries and their messages, for the session recovery to take over (it then
   * owns the messages). Until taken, they are released at close.
   */
  Recovery.Result takeRecovered() {
    recoveredTaken = true;
    return recovered;
  }

  RocksStore rocks() {
    return store;
  }

  StoreWriter writer() {
    return writer;
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
    writer.close();
    store.close();
    if (!recoveredTaken) {
      recovered.messages().values().forEach(io.berth.core.Message::release);
    }
  }
}
