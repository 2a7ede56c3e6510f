package io.berth.core;

import java.util.concurrent.Executor;

/**
 * The thread that owns a connection and its session. The server hands Netty event loops in through this interface,
 * so the core runs without Netty's transport classes and tests can run everything on one thread.
 */
public interface EventLoopRef extends Executor {

  /** True when the caller runs on this loop's thread. */
  boolean inEventLoop();

  /** Runs {@code task} on this loop after {@code delayMillis}; the returned handle cancels it. */
  Cancellable schedule(Runnable task, long delayMillis);

  /** A scheduled task that may be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
