package io.berth.bench;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;

/**
 * The generator's event loop I/O handler for latency runs: after the loop has done some work, it polls for new events
 * for up to {@code spinNanos} before it lets the thread sleep in {@code epoll_wait}. A sleeping core takes tens of
 * microseconds to wake on bare metal and up to milliseconds on a virtual machine; a measuring loop that keeps polling
 * stamps a message the moment it arrives, so the percentiles are the broker's and not the generator's wake-ups. The
 * cost is the generator's own core, busy while the run lasts. (Tried on the broker side too: on this project's 2-core
 * VM a polling broker loop made p99 worse, not better, and burnt its core: see docs/benchmarks.md.)
 *
 * <p>Tasks from other threads and due timers end the spin at once: {@link IoHandlerContext#canBlock()} reads the
 * loop's queues on every turn.
 */
public final class SpinningIoHandler implements IoHandler {
  private final IoHandler delegate;
  private final long spinNanos;
  private final IoHandlerContext pollOnly = new IoHandlerContext() {
    @Override
    public boolean canBlock() {
      return false; // the delegate only polls (epoll_wait with timeout 0)
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
      return 0;
    }

    @Override
    public long deadlineNanos() {
      return -1;
    }
  };

  private SpinningIoHandler(IoHandler delegate, long spinNanos) {
    this.delegate = delegate;
    this.spinNanos = spinNanos;
  }

  /** {@code factory}'s handlers, spinning for {@code spinNanos} (0: the handlers themselves, no spinning). */
  public static IoHandlerFactory factory(IoHandlerFactory factory, long spinNanos) {
    if (spinNanos <= 0) {
      return factory;
    }
    return new IoHandlerFactory() {
      @Override
      public IoHandler newHandler(io.netty.util.concurrent.ThreadAwareExecutor executor) {
        return new SpinningIoHandler(factory.newHandler(executor), spinNanos);
      }

      @Override
      public boolean isChangingThreadSupported() {
        return factory.isChangingThreadSupported();
      }
    };
  }

  @Override
  public int run(IoHandlerContext context) {
    if (!context.canBlock()) {
      return delegate.run(context);
    }
    long until = System.nanoTime() + spinNanos;
    do {
      int handled = delegate.run(pollOnly);
      if (handled > 0 || !context.canBlock()) {
        return handled;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - until < 0);
    return delegate.run(context);
  }

  @Override
  public void initialize() {
    delegate.initialize();
  }

  @Override
  public void prepareToDestroy() {
    delegate.prepareToDestroy();
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    return delegate.register(handle);
  }

  @Override
  public void wakeup() {
    delegate.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return delegate.isCompatible(handleType);
  }
}
