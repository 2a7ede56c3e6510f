package io.berth.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * conn: opens N connections with at most {@code window} awaiting CONNACK, holds them idle for the duration, and
 * reports connections per second, CONNACK latency and the broker's RSS per idle connection.
 */
final class ConnRun {
  /** File descriptors kept free for the JVM, the generator's own files and sockets. */
  static final int FD_MARGIN = 200;
  /** Opening stops after this many failures (the broker's limit, most likely). */
  private static final int MAX_FAILURES = 100;
  private static final long OPEN_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

  private final BenchConfig cfg;
  private final Clients clients;
  private final Meter meter;

  ConnRun(BenchConfig cfg, Clients clients, Meter meter) {
    this.cfg = cfg;
    this.clients = clients;
    this.meter = meter;
  }

  /** The default number of connections: this process's descriptor limit minus a margin. */
  static int defaultCount(long maxFileDescriptors) {
    return (int) Math.max(1, Math.min(100_000, maxFileDescriptors - FD_MARGIN));
  }

  private static long connectedSoFar(LatencyHistogram connack) {
    synchronized (connack) {
      return connack.count();
    }
  }

  /** A point of the opening phase: time, connections with their CONNACK, broker CPU seconds (or -1). */
  private record Mark(long nanos, long connected, double brokerCpuSeconds) {}

  static long maxFileDescriptors() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
        ? u.getMaxFileDescriptorCount() : 1024;
  }

  Report run() {
    int target = cfg.clients() > 0 ? cfg.clients() : defaultCount(maxFileDescriptors());
    List<BenchClient> open = new ArrayList<>(target);
    LatencyHistogram connack = new LatencyHistogram();
    AtomicLong failures = new AtomicLong();
    Semaphore slots = new Semaphore(cfg.window());
    meter.start();
    long rssBefore = meter.brokerRssKb();
    long start = System.nanoTime();
    Mark mark = null; // where the rate starts counting: after the warm-up, once the generator's code is compiled
    int started = 0;
    try {
      while (started < target && failures.get() < MAX_FAILURES && System.nanoTime() - start < OPEN_DEADLINE_NANOS) {
        if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
          continue;
        }
        BenchClient c = clients.open("c", started++, false);
        c.connected().whenComplete((ok, err) -> {
          if (err == null) {
            synchronized (connack) {
              connack.record(c.connackLatencyNanos());
            }
          } else {
            failures.incrementAndGet();
          }
          slots.release();
        });
        open.add(c);
        if (mark == null && System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(cfg.warmupSeconds())) {
          mark = new Mark(System.nanoTime(), connectedSoFar(connack), meter.brokerCpuSeconds());
        }
        if (started % 2000 == 0) {
          meter.line(String.format(Locale.ROOT, "[%5.1fs] %,d connections started%s", meter.elapsedSeconds(), started,
              meter.brokerNow()));
        }
      }
      slots.tryAcquire(cfg.window(), Clients.CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS); // the last CONNACKs
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long end = System.nanoTime();
    double openSeconds = (end - start) / 1e9;
    long connected = connectedSoFar(connack);
    if (mark == null || mark.connected >= connected) { // all done within the warm-up: count everything
      mark = new Mark(start, 0, 0);
    }
    double rateSeconds = (end - mark.nanos) / 1e9;
    double brokerCpu = meter.brokerCpuSeconds();
    double rateCpuSeconds = brokerCpu < 0 ? -1 : brokerCpu - mark.brokerCpuSeconds;
    meter.line(String.format(Locale.ROOT, "%,d connected in %.2f s (%,d failed); holding them idle for %d s", connected,
        openSeconds, failures.get(), cfg.durationSeconds()));
    double holdStart = meter.elapsedSeconds();
    long rssIdle = -1;
    for (int sec = 1; sec <= cfg.durationSeconds(); sec++) {
      meter.sleepUntil(holdStart + sec);
      rssIdle = meter.brokerRssKb();
      meter.line(String.format(Locale.ROOT, "[%3ds idle] %,d connections%s", sec, connected, meter.brokerNow()));
    }
    Report r = new Report().put("scenario", "conn").put("mqtt", cfg.version().label()).put("target", target)
        .put("connected", connected).put("failed", failures.get()).put("open_s", openSeconds)
        .put("warmup_s", cfg.warmupSeconds()).put("conn_per_s", (connected - mark.connected) / rateSeconds)
        .put("connack_concurrency", cfg.window());
    if (rateCpuSeconds > 0) { // the broker's capacity when the generator, not the broker, sets the pace
      r.put("conn_per_broker_cpu_s", (connected - mark.connected) / rateCpuSeconds);
    }
    synchronized (connack) {
      r.put("connack_p50_us", connack.percentile(50) / 1000.0).put("connack_p99_us", connack.percentile(99) / 1000.0)
          .put("connack_max_us", connack.max() / 1000.0);
    }
    if (rssBefore > 0 && rssIdle > 0 && connected > 0) {
      r.put("broker_rss_before_mb", rssBefore / 1024.0).put("broker_rss_idle_mb", rssIdle / 1024.0)
          .put("rss_per_conn_bytes", (rssIdle - rssBefore) * 1024.0 / connected);
    }
    meter.finish(r, -1);
    for (BenchClient c : open) {
      c.close();
    }
    return r;
  }
}
