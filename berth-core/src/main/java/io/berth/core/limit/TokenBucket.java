package io.berth.core.limit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code ratePerSecond} tokens a second holding at most {@code burst}, lock-free (many event loops
 * take from one bucket). Implemented as the generic cell rate algorithm: one "theoretical arrival time" instead of a
 * token count and a refill time, so that a take is a single compare-and-set.
 */
public final class TokenBucket {
  private final long intervalNanos; // time one token takes to refill
  private final long toleranceNanos; // how far ahead of the rate a burst may run
  private final LongSupplier nanoClock;
  private final AtomicLong arrival = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param ratePerSecond tokens added each second (> 0; fractions allowed: 0.5 is one every two seconds)
   * @param burst most tokens taken at once after a quiet time (>= 1)
   * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime} but in tests)
   */
  public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
    this.toleranceNanos = intervalNanos * (burst - 1);
    this.nanoClock = nanoClock;
  }

  /** Takes one token if there is one. */
  public boolean tryTake() {
    long now = nanoClock.getAsLong();
    while (true) {
      long tat = arrival.get();
      long start = tat == Long.MIN_VALUE || tat - now < 0 ? now : tat; // an idle bucket is full
      if (start - now > toleranceNanos) {
        return false;
      }
      if (arrival.compareAndSet(tat, start + intervalNanos)) {
        return true;
      }
    }
  }
}
