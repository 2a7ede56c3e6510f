package io.berth.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the store. Every event loop queues operations here (FIFO); the thread takes all that
 * is queued, writes it as one RocksDB WriteBatch (one fsync with sync = batch: the group commit), then runs the
 * operations' completions in queue order. One queue for all loops also orders writes across loops: a message stored
 * by the publisher's loop is written before the delete that a subscriber's loop queues once it is delivered.
 * Operations between {@link #beginGroup} and {@link #endGroup} land in the same batch (all or nothing on disk): the
 * batch is not cut while a group is open, so other threads' operations queued meanwhile simply join it.
 */
public final class StoreWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
  /** Operations per batch: bounds the batch's memory and the delay of the first completion in it. */
  private static final int MAX_BATCH = 4096;

  /** What an operation adds to the batch; runs on the writer thread. */
  public interface Op {
    void addTo(WriteBatch batch, RocksStore store) throws RocksDBException;
  }

  /** Told on the writer thread whether the batch holding the operation reached the disk. */
  public interface Completion {
    void done(boolean written);
  }

  private record Queued(Op op, Completion completion) {}

  // Markers, told apart by identity.
  private static final Queued STOP = new Queued(null, null);
  private static final Queued BEGIN = new Queued(null, null);
  private static final Queued END = new Queued(null, null);

  private final RocksStore store;
  private final SyncMode sync;
  private final long syncIntervalNanos;
  private final WriteOptions writeOptions;
  // Bounded: when the disk falls behind, event loops block on put (back-pressure) instead of memory growing.
  private final BlockingQueue<Queued> queue;
  private final Thread thread;
  private volatile boolean failed;
  private long lastSyncNanos = System.nanoTime();
  private boolean unsynced;

  public StoreWriter(RocksStore store, SyncMode sync, long syncIntervalMillis, int queueCapacity) {
    if (sync == SyncMode.NONE) {
      throw new IllegalArgumentException("sync = none opens no store");
    }
    this.store = store;
    this.sync = sync;
    this.syncIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, syncIntervalMillis));
    this.writeOptions = new WriteOptions().setSync(sync == SyncMode.BATCH);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::run, "berth-store-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an operation (any thread); {@code completion} may be null. Blocks while the queue is full. */
  public void submit(Op op, Completion completion) {
    try {
      queue.put(new Queued(op, completion));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (completion != null) {
        completion.done(false);
      }
    }
  }

  /** Opens a group on the calling thread; {@link #endGroup} must follow (in a finally). */
  public void beginGroup() {
    submitMarker(BEGIN);
  }

  public void endGroup() {
    submitMarker(END);
  }

  private void submitMarker(Queued marker) {
    try {
      queue.put(marker);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the last batch failed (a full disk): cleared by the next batch that succeeds. */
  public boolean isFailing() {
    return failed;
  }

  private void run() {
    List<Queued> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        Queued first = sync == SyncMode.INTERVAL ? queue.poll(syncIntervalNanos, TimeUnit.NANOSECONDS) : queue.take();
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          completeGroups(batch);
        }
      } catch (InterruptedException e) {
        stopping = true;
      }
      stopping |= batch.removeIf(q -> q == STOP);
      batch.removeIf(q -> q == BEGIN || q == END);
      if (!batch.isEmpty()) {
        writeAndComplete(batch);
        batch.clear();
      }
      syncIfDue(stopping);
    }
    batch.clear();
    queue.drainTo(batch); // only operations queued after close: nothing will write them
    batch.forEach(q -> complete(q, false));
  }

  /** Takes more operations until every group begun in the batch has ended (a group is never split). */
  private void completeGroups(List<Queued> batch) throws InterruptedException {
    int open = 0;
    for (Queued q : batch) {
      open += q == BEGIN ? 1 : q == END ? -1 : 0;
    }
    while (open > 0) {
      Queued q = queue.take();
      batch.add(q);
      if (q == STOP) {
        return;
      }
      open += q == BEGIN ? 1 : q == END ? -1 : 0;
    }
  }

  private void writeAndComplete(List<Queued> batch) {
    boolean ok;
    try (WriteBatch wb = new WriteBatch()) {
      for (Queued q : batch) {
        if (q.op != null) {
          q.op.addTo(wb, store);
        }
      }
      store.write(writeOptions, wb);
      unsynced = sync == SyncMode.INTERVAL;
      ok = true;
      if (failed) {
        log.info("Store writes succeed again in {}", store.dir());
      }
      failed = false;
    } catch (RocksDBException | RuntimeException e) {
      ok = false;
      if (!failed) {
        log.error("Store write failed in {}: {} (acknowledgements held until writes succeed)", store.dir(),
            e.getMessage());
      }
      failed = true;
    }
    for (Queued q : batch) {
      complete(q, ok);
    }
  }

  private void syncIfDue(boolean force) {
    if (!unsynced || (!force && System.nanoTime() - lastSyncNanos < syncIntervalNanos)) {
      return;
    }
    try {
      store.syncWal();
      unsynced = false;
      lastSyncNanos = System.nanoTime();
    } catch (RocksDBException e) {
      log.error("Store sync failed in {}: {}", store.dir(), e.getMessage());
    }
  }

  private static void complete(Queued q, boolean ok) {
    if (q.completion == null) {
      return;
    }
    try {
      q.completion.done(ok);
    } catch (RuntimeException e) {
      log.error("Store completion failed", e);
    }
  }

  /** Writes what is queued, syncs, and stops the thread. The store stays open (its owner closes it). */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeOptions.close();
  }
}
