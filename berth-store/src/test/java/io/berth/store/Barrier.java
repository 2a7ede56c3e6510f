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

  /** Runs tasks on the calling (writer) thread: enough for a test that only waits for them. */
  static final class DirectLoop implements EventLoopRef {
    @Override
    public boolean inEventLoop() {
      return true;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
      throw new UnsupportedOperationException("not in this test");
    }

    @Override
    public void execute(Runnable task) {
      task.run();
    }
  }
}
