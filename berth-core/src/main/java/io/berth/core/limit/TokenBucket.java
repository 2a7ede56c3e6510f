package io.berth.core.limit;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code burst} are kept. Taking more than are there
 * is allowed (the bucket goes into debt) and tells the caller how long to wait until it is paid back, so a client
 * over its rate is slowed by exactly its excess. Not thread-safe: one per client, used on its event loop.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  /** @param nowNanos the clock's current reading (System.nanoTime or a test clock) */
  public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    if (ratePerSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate and burst must be > 0");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code n} tokens; returns 0 when they were there, else the nanoseconds until the debt is paid. */
  public long take(double n, long nowNanos) {
    refill(nowNanos);
    tokens -= n;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
  }

  /** Takes one token if there is one: for refusing (a connection over the rate) rather than slowing. */
  public boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * ratePerNano);
      lastNanos = nowNanos;
    }
  }
}
