package io.berth.server.config;

/**
 * overload_protection: above {@code highWatermark} of its memory (heap live data or direct memory) the broker refuses
 * new connections with Server Busy and slows publishers, until use falls below {@code lowWatermark}.
 */
public record OverloadConfig(boolean enable, double highWatermark, double lowWatermark) {
  public static OverloadConfig defaults() {
    return new OverloadConfig(true, 0.85, 0.75);
  }
}
