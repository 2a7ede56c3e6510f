package io.berth.server.overload;

import io.berth.core.Overload;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload protection: samples the memory in use every {@link #INTERVAL_MILLIS} and sets the broker's {@link
 * Overload} flag above the high watermark, clearing it below the low one (the gap keeps it from flapping). Logs
 * each change once.
 */
public final class MemoryWatch implements AutoCloseable {
  static final long INTERVAL_MILLIS = 100;
  private static final Logger log = LoggerFactory.getLogger(MemoryWatch.class);
  private final Overload overload;
  private final double high;
  private final double low;
  private final DoubleSupplier memoryShare;
  private ScheduledFuture<?> task;

  /** @param memoryShare how full memory is, 0..1 ({@link MemoryUse#share} but in tests) */
  MemoryWatch(Overload overload, double high, double low, DoubleSupplier memoryShare) {
    this.overload = overload;
    this.high = high;
    this.low = low;
    this.memoryShare = memoryShare;
  }

  public static MemoryWatch of(Overload overload, double high, double low) {
    return new MemoryWatch(overload, high, low, new MemoryUse()::share);
  }

  public void start(ScheduledExecutorService executor) {
    task = executor.scheduleWithFixedDelay(this::check, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  void check() {
    double share = memoryShare.getAsDouble();
    if (!overload.isOverloaded() && share >= high) {
      overload.set(true);
      log.warn("overload: memory {}% full (high watermark {}%): new connections are refused with Server Busy and"
          + " publishers are paused until it falls below {}%", percent(share), percent(high), percent(low));
    } else if (overload.isOverloaded() && share < low) {
      overload.set(false);
      log.info("overload over: memory {}% full, below the low watermark {}%", percent(share), percent(low));
    }
  }

  private static long percent(double share) {
    return Math.round(share * 100);
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
