package io.berth.core.limit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code ratePerSecond} tokens a second holding at most {@code burst}, lock-free (many event loops
 * may take from one bucket). Implemented as the generic cell rate algorithm: one "theoretical arrival time" (when the
 * bucket will be full again) instead of a token count and a refill time, so that a take is a single compare-and-set.
 * {@link #tryTake} refuses when the bucket is empty (a connection over max_conn_rate); {@link #take} goes into debt
 * and says how long the debt lasts (a client over its publish rate waits exactly that long).
 */
public final class TokenBucket {
  private final double nanosPerToken; // time one token takes to refill
  private final long capacityNanos; // the whole bucket, in refill time
  private final LongSupplier nanoClock;
  private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param ratePerSecond tokens added each second (> 0; fractions allowed: 0.5 is one every two seconds)
   * @param burst most tokens taken at once after a quiet time (>= 1)
   * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime} but in tests)
   */
  public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.nanosPerToken = 1e9 / ratePerSecond;
    this.capacityNanos = Math.round(nanosPerToken * burst);
    this.nanoClock = nanoClock;
  }

  /** Takes one token if there is one. */
  public boolean tryTake() {
    long now = nanoClock.getAsLong();
    long cost = Math.max(1, Math.round(nanosPerToken));
    while (true) {
      long tat = fullAt.get();
      long start = tat == Long.MIN_VALUE || tat - now < 0 ? now : tat; // an idle bucket is full
      if (start + cost - now > capacityNanos) {
        return false;
      }
      if (fullAt.compareAndSet(tat, start + cost)) {
        return true;
      }
    }
  }

  /** Takes {@code tokens}, into debt if need be; returns 0, or the nanoseconds until the debt is paid back. */
  public long take(double tokens) {
    long now = nanoClock.getAsLong();
    long cost = Math.round(nanosPerToken * tokens);
    while (true) {
      long tat = fullAt.get();
      long start = tat == Long.MIN_VALUE || tat - now < 0 ? now : tat;
      long next = start + cost;
      if (fullAt.compareAndSet(tat, next)) {
        return Math.max(0, next - now - capacityNanos);
      }
    }
  }
}
