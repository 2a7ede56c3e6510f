package io.berth.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * fanin, fanout, p2p and latency: subscribers first, then publishers, then {@code duration} seconds of load with a
 * live line per second, then a bounded drain so that what is still in flight is not counted as lost. Rates and
 * latencies count the measured time only; lost and duplicates count the whole run, warm-up included.
 */
final class ThroughputRun {
  /** Default rate of the latency scenario, messages per second. */
  static final double LATENCY_RATE = 10_000;
  private static final long DRAIN_MILLIS = 3_000;

  private final BenchConfig cfg;
  private final Clients clients;
  private final Meter meter;
  private final Topology topology;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private Publisher[] publishers;
  private LatencyTrace trace; // --trace: the first subscriber's measured messages

  ThroughputRun(BenchConfig cfg, Clients clients, Meter meter, String runId) {
    this.cfg = cfg;
    this.clients = clients;
    this.meter = meter;
    int n = cfg.clients() > 0 ? cfg.clients() : cfg.scenario().defaultClients();
    this.topology = Topology.of(cfg.scenario(), n, "bench/" + runId);
  }

  Report run() {
    try {
      connect();
      return measure();
    } finally {
      for (Subscriber s : subscribers) {
        s.client().close();
      }
      for (Publisher p : publishers == null ? new Publisher[0] : publishers) {
        if (p != null) {
          p.close();
        }
      }
    }
  }

  private void connect() {
    double rate = cfg.rate() > 0 ? cfg.rate() : cfg.scenario() == Scenario.LATENCY ? LATENCY_RATE : 0;
    if (cfg.trace() != null) {
      if (rate == 0) { // unpaced, a run could deliver millions of messages a second: no bound to size the trace by
        throw new BenchException("--trace needs a fixed rate: the latency scenario, or --rate");
      }
      trace = LatencyTrace.forRun(rate * topology.publishers(), cfg.durationSeconds());
    }
    publishers = new Publisher[topology.publishers()];
    for (int i = 0; i < publishers.length; i++) {
      BenchClient c = clients.openAndWait("p", i);
      PublishTemplate t = new PublishTemplate(topology.topic(i), cfg.qos(), cfg.version(), i, cfg.payload());
      publishers[i] = new Publisher(c, t, cfg.qos(), topology.fanout(), cfg.window(), rate);
    }
    for (int i = 0; i < topology.subscribers(); i++) {
      BenchClient c = clients.openAndWait("s", i, cfg.session());
      Subscriber sub = new Subscriber(c, publishers);
      if (i == 0 && trace != null) {
        sub.trace(trace);
      }
      subscribers.add(sub);
      Clients.await(c.subscribe(topology.filter(i), cfg.qos()), "SUBACK");
    }
  }

  private Report measure() {
    for (Publisher p : publishers) {
      p.start();
    }
    if (cfg.warmupSeconds() > 0) {
      sleep(cfg.warmupSeconds() * 1000L);
    }
    long firstPub = published();
    long firstDel = delivered();
    for (Subscriber s : subscribers) {
      s.startMeasuring();
    }
    meter.start();
    long lastPub = firstPub;
    long lastDel = firstDel;
    for (int sec = 1; sec <= cfg.durationSeconds(); sec++) {
      meter.sleepUntil(sec);
      long pub = published();
      long del = delivered();
      meter.line(String.format(Locale.ROOT, "[%3ds] published %,10d/s  delivered %,10d/s%s", sec, pub - lastPub,
          del - lastDel, meter.brokerNow()));
      lastPub = pub;
      lastDel = del;
    }
    double seconds = meter.elapsedSeconds();
    for (Publisher p : publishers) {
      p.stop();
    }
    long published = published() - firstPub;
    long delivered = delivered() - firstDel;
    Report r = new Report();
    meter.finish(r, delivered);
    drain();
    return summarize(r, seconds, published, delivered);
  }

  /** Waits (bounded) until every message sent has reached its subscribers and every PUBACK has come back. */
  private void drain() {
    long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    while (System.nanoTime() < deadline && delivered() < published() * topology.fanout()) {
      sleep(10);
    }
    sleep(50); // QoS 1 acknowledgements, late duplicates
  }

  private Report summarize(Report r, double seconds, long published, long delivered) {
    Report out = new Report().put("scenario", cfg.scenario().label()).put("qos", cfg.qos())
        .put("mqtt", cfg.version().label()).put("publishers", topology.publishers())
        .put("subscribers", topology.subscribers()).put("sessions", cfg.session().label()).put("payload_bytes", cfg.payload()).put("window", cfg.window())
        .put("warmup_s", cfg.warmupSeconds()).put("duration_s", seconds).put("published_msg_s", published / seconds)
        .put("delivered_msg_s", delivered / seconds);
    LatencyHistogram latency = new LatencyHistogram();
    long lost = 0;
    long duplicates = 0;
    long stalls = 0;
    for (int s = 0; s < subscribers.size(); s++) {
      Subscriber sub = subscribers.get(s);
      latency.add(sub.latency());
      for (int p = 0; p < publishers.length; p++) {
        if (topology.routes(p, s)) {
          lost += sub.tracker(p).lost(publishers[p].sent());
          duplicates += sub.tracker(p).duplicates();
        }
      }
    }
    for (Publisher p : publishers) {
      stalls += p.stalls();
    }
    out.put("published", published).put("delivered", delivered).put("lost", lost).put("duplicates", duplicates)
        .put("window_stalls", stalls);
    Percentiles.put(out, latency);
    r.figures().forEach(out::put);
    if (trace != null) {
      writeTrace(out);
    }
    return out;
  }

  private void writeTrace(Report out) {
    try {
      trace.writeTo(cfg.trace());
    } catch (IOException e) {
      throw new BenchException("cannot write the trace to " + cfg.trace() + ": " + e.getMessage());
    }
    out.put("traced_messages", trace.messages()).put("trace_dropped", trace.dropped());
  }

  private long published() {
    long n = 0;
    for (Publisher p : publishers) {
      n += p.sent();
    }
    return n;
  }

  private long delivered() {
    long n = 0;
    for (Subscriber s : subscribers) {
      n += s.received();
    }
    return n;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
