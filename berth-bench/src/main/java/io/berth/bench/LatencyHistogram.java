package io.berth.bench;

/**
 * A log-linear histogram of non-negative values (nanoseconds here), in the manner of HdrHistogram: 128 linear steps
 * per power of two, so any recorded value is reported within 1/128 (0.8 %) of itself. Fixed size (35 KB), no
 * allocation when recording. Not thread-safe: each event loop keeps its own and they are merged at the end.
 */
public final class LatencyHistogram {
  static final int SUB_BITS = 8;
  /** Values below SUB are exact; each power of two above is split into HALF buckets. */
  static final int SUB = 1 << SUB_BITS;
  static final int HALF = SUB / 2;
  /** Values are clamped to 2^40 ns (about 18 minutes). */
  static final int MAX_EXP = 40;
  static final long MAX_VALUE = (1L << MAX_EXP) - 1;

  private final long[] counts = new long[SUB + (MAX_EXP - SUB_BITS) * HALF];
  private long total;
  private long min = Long.MAX_VALUE;
  private long max;
  private double sum;

  public void record(long value) {
    long v = value < 0 ? 0 : Math.min(value, MAX_VALUE);
    counts[index(v)]++;
    total++;
    sum += v;
    if (v < min) {
      min = v;
    }
    if (v > max) {
      max = v;
    }
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  public long count() {
    return total;
  }

  public long max() {
    return max;
  }

  public long min() {
    return total == 0 ? 0 : min;
  }

  public double mean() {
    return total == 0 ? 0 : sum / total;
  }

  /**
   * The value at {@code percentile} (0..100): the highest value equivalent to the recorded one of that rank, never
   * above the largest value recorded. 0 when nothing was recorded.
   */
  public long percentile(double percentile) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(Math.min(100.0, Math.max(0.0, percentile)) / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, highestEquivalent(i));
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - (SUB_BITS - 1); // bucket width 2^shift, shift >= 1
    int sub = (int) (v >>> shift) - HALF; // 0 .. HALF-1
    return SUB + (shift - 1) * HALF + sub;
  }

  static long lowestEquivalent(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = (index - SUB) / HALF + 1;
    int sub = (index - SUB) % HALF;
    return (long) (HALF + sub) << shift;
  }

  static long highestEquivalent(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = (index - SUB) / HALF + 1;
    return lowestEquivalent(index) + (1L << shift) - 1;
  }
}
