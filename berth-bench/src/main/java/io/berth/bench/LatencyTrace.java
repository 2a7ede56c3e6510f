package io.berth.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every measured message's send and receive time ({@code System.nanoTime()}, which is CLOCK_MONOTONIC on Linux, the
 * clock of {@code perf sched record -k CLOCK_MONOTONIC}), for finding when a latency tail happens and what ran then
 * ({@code bench/episodes.py}). Bounded: messages past the capacity are counted, not kept. Written to by one
 * subscriber's event loop, read by the run's thread: {@code size} is volatile so that the reader sees every pair
 * it counts.
 */
final class LatencyTrace {
  /** At most this many messages, 320 MB (10,000 msg/s for 33 minutes): the generator's heap must hold them. */
  static final int MAX_CAPACITY = 20_000_000;

  private final long[] times;
  private volatile int size;
  private volatile long dropped;

  LatencyTrace(int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("trace capacity must be 1 .. " + MAX_CAPACITY);
    }
    times = new long[2 * capacity];
  }

  /** Room for a run of {@code seconds} at {@code rate} messages per second, with a margin for catching up. */
  static LatencyTrace forRun(double rate, int seconds) {
    return new LatencyTrace((int) Math.min(MAX_CAPACITY, Math.ceil(rate * seconds * 1.1) + 1_000));
  }

  void record(long sentNanos, long receivedNanos) {
    int n = size;
    if (n == times.length) {
      dropped++; // one writer thread
      return;
    }
    times[n] = sentNanos;
    times[n + 1] = receivedNanos;
    size = n + 2;
  }

  int messages() {
    return size / 2;
  }

  long dropped() {
    return dropped;
  }

  /** The trace as big-endian pairs of 64-bit integers: send time, receive time, in nanoseconds. */
  void writeTo(Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      int n = size;
      for (int i = 0; i < n; i++) {
        out.writeLong(times[i]);
      }
    }
  }
}
