package io.berth.store;

import io.berth.core.EventLoopRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Waits, in a test, until what was queued before is durable; returns whether it was written. */
final class Barrier {
  private Barrier() {}

  static boolean await(DurableStore store) throws Exception {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    store.afterDurable(new DirectLoop(), done::complete);
    return done.get(10, TimeUnit.SECONDS);
  }

  /**
   * Runs tasks on the calling thread, and records the delays of scheduled ones, which never fire (session expiry
   * timers: the tests restart the store instead of waiting).
   */
  static final class DirectLoop implements EventLoopRef {
    final java.util.List<Long> scheduledDelays = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public boolean inEventLoop() {
      return true;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
      scheduledDelays.add(delayMillis);
      return () -> {};
    }

    @Override
    public void execute(Runnable task) {
      task.run();
    }
  }
}
