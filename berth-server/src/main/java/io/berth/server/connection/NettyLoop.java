package io.berth.server.connection;

import io.berth.core.EventLoopRef;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A Netty event loop as the core sees it. */
public final class NettyLoop implements EventLoopRef {
  private final EventExecutor executor;

  public NettyLoop(EventExecutor executor) {
    this.executor = executor;
  }

  /** Equal for one executor: every connection wraps its loop in its own NettyLoop, readers group by the loop. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NettyLoop n && n.executor == executor;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(executor);
  }

  @Override
  public boolean inEventLoop() {
    return executor.inEventLoop();
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMillis) {
    ScheduledFuture<?> f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }
}
