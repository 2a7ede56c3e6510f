package io.berth.core.security;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where authentication work that may block runs (hashing a password costs milliseconds by design), so that event
 * loops never wait for it.
 */
public interface AuthWorkers extends AutoCloseable {

  /** Runs {@code task} later on a worker; false when it cannot be taken (queue full, broker stopping). */
  boolean submit(Runnable task);

  @Override
  void close();

  /**
   * A bounded pool: when its queue is full, new logins are refused as Server Busy instead of piling up (a login flood
   * must not exhaust memory).
   */
  static AuthWorkers pool(int threads, int queueCapacity) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), r -> {
          Thread t = new Thread(r, "berth-auth-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return new AuthWorkers() {
      @Override
      public boolean submit(Runnable task) {
        try {
          pool.execute(task);
          return true;
        } catch (RejectedExecutionException e) {
          return false;
        }
      }

      @Override
      public void close() {
        pool.shutdownNow();
      }
    };
  }

  /** Runs each task at once on the caller: for single-threaded tests. */
  static AuthWorkers inline() {
    return new AuthWorkers() {
      @Override
      public boolean submit(Runnable task) {
        task.run();
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
