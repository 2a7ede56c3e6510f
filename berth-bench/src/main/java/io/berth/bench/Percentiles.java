package io.berth.bench;

/** The latency figures every report shows, in microseconds. */
final class Percentiles {
  private Percentiles() {}

  static void put(Report r, LatencyHistogram h) {
    r.put("latency_samples", h.count())
        .put("latency_p50_us", h.percentile(50) / 1000.0)
        .put("latency_p99_us", h.percentile(99) / 1000.0)
        .put("latency_p999_us", h.percentile(99.9) / 1000.0)
        .put("latency_max_us", h.max() / 1000.0);
  }
}
