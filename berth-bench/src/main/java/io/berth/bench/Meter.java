package io.berth.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The clocks of a run: elapsed time, the broker's CPU and RSS (when its pid is known) and the generator's own CPU,
 * so a reader can tell whether the generator was the bottleneck.
 */
final class Meter {
  private final ProcStats broker;
  private final ProcStats self = ProcStats.self();
  private final PrintWriter out;
  private ProcStats.Sample brokerStart;
  private ProcStats.Sample brokerLast;
  private ProcStats.Sample selfStart;
  private long peakRssKb;
  private long startNanos;

  Meter(String pid, PrintWriter out) {
    this.broker = pid == null ? null : new ProcStats(pid);
    this.out = out;
  }

  void start() {
    startNanos = System.nanoTime();
    brokerStart = broker == null ? null : broker.sample();
    brokerLast = brokerStart;
    selfStart = self.sample();
    peakRssKb = brokerStart == null ? 0 : brokerStart.rssKb();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Sleeps until {@code seconds} after start (bounded by the run's own duration). */
  void sleepUntil(double seconds) {
    long due = startNanos + (long) (seconds * 1e9);
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.max(1, wait / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The broker's CPU since the last call and its RSS, for the live line; empty without a pid. */
  String brokerNow() {
    ProcStats.Sample now = broker == null ? null : broker.sample();
    if (now == null || brokerLast == null) {
      return "";
    }
    String s = String.format(Locale.ROOT, "  broker cpu %3.0f%% rss %,d MB", now.cpuPercentSince(brokerLast),
        now.rssKb() / 1024);
    peakRssKb = Math.max(peakRssKb, now.rssKb());
    brokerLast = now;
    return s;
  }

  /** The broker's CPU seconds since start, or -1 without a pid. */
  double brokerCpuSeconds() {
    ProcStats.Sample now = broker == null ? null : broker.sample();
    return now == null || brokerStart == null ? -1 : now.cpuSecondsSince(brokerStart);
  }

  /** Current broker RSS in KiB, or -1. */
  long brokerRssKb() {
    ProcStats.Sample now = broker == null ? null : broker.sample();
    if (now == null) {
      return -1;
    }
    peakRssKb = Math.max(peakRssKb, now.rssKb());
    return now.rssKb();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Adds CPU and memory figures since start; {@code delivered} gives messages per broker CPU second. */
  void finish(Report r, long delivered) {
    ProcStats.Sample b = broker == null ? null : broker.sample();
    if (b != null && brokerStart != null) {
      double cpuSeconds = b.cpuSecondsSince(brokerStart);
      r.put("broker_cpu_pct", b.cpuPercentSince(brokerStart));
      r.put("broker_rss_mb", b.rssKb() / 1024.0);
      r.put("broker_rss_peak_mb", Math.max(peakRssKb, b.rssKb()) / 1024.0);
      if (delivered >= 0 && cpuSeconds > 0) {
        r.put("delivered_per_broker_cpu_s", delivered / cpuSeconds);
      }
    }
    ProcStats.Sample s = self.sample();
    if (s != null && selfStart != null) {
      r.put("generator_cpu_pct", s.cpuPercentSince(selfStart));
    }
  }
}
