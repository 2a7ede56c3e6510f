package io.berth.bench;

import io.netty.channel.Channel;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * flood: N publishers write as fast as TCP lets them (no end-to-end window) to one subscriber that reads only a
 * 4 KB every 100 ms through a small socket buffer, while a well-behaved probe pair exchanges 100 msg/s. Reports
 * what the slow subscriber got of what was sent, the probe's latency (does the broker keep serving others?) and the
 * broker's RSS over time (does memory stay bounded?).
 */
final class FloodRun {
  private static final long SLOW_READ_EVERY_MILLIS = 100;
  private static final double PROBE_RATE = 100;
  private static final long DRAIN_MILLIS = 3_000;

  private final BenchConfig cfg;
  private final Clients clients;
  private final Clients probeClients;
  private final Meter meter;
  private final String base;
  private String probePriority = "normal";

  /**
   * @param clients the flood's connections
   * @param probeClients the probe pair's own event loop, so that it is not queued behind the flood in the generator
   */
  FloodRun(BenchConfig cfg, Clients clients, Clients probeClients, Meter meter, String runId) {
    this.cfg = cfg;
    this.clients = clients;
    this.probeClients = probeClients;
    this.meter = meter;
    this.base = "bench/" + runId;
  }

  Report run() {
    int n = cfg.clients() > 0 ? cfg.clients() : Scenario.FLOOD.defaultClients();
    Publisher[] flood = new Publisher[n];
    Publisher[] probePub = new Publisher[1];
    Subscriber slow = null;
    Subscriber probe = null;
    Future<?> reader = null;
    try {
      for (int i = 0; i < n; i++) {
        BenchClient c = clients.openAndWait("f", i);
        flood[i] = new Publisher(c, new PublishTemplate(base + "/flood/" + i, cfg.qos(), cfg.version(), i,
            cfg.payload()), cfg.qos(), 1, 0, cfg.rate());
      }
      BenchClient slowClient = clients.open("slow", 0, true);
      Clients.await(slowClient.connected(), "CONNACK");
      slow = new Subscriber(slowClient, flood);
      Channel slowChannel = slowClient.channel();
      reader = slowChannel.eventLoop().scheduleAtFixedRate(slowChannel::read, 0, SLOW_READ_EVERY_MILLIS,
          TimeUnit.MILLISECONDS);
      Clients.await(slowClient.subscribe(base + "/flood/+", cfg.qos()), "SUBACK");
      BenchClient pc = probeClients.openAndWait("q", 0);
      probePriority = RealtimeLoop.raise(pc.channel().eventLoop());
      probePub[0] = new Publisher(pc, new PublishTemplate(base + "/probe", 1, cfg.version(), 0, cfg.payload()), 1, 1,
          cfg.window(), PROBE_RATE);
      probe = new Subscriber(probeClients.openAndWait("r", 0), probePub);
      Clients.await(probe.client().subscribe(base + "/probe", 1), "SUBACK");
      return measure(flood, probePub[0], slow, probe, reader);
    } finally {
      if (reader != null) {
        reader.cancel(false);
      }
      for (Publisher p : flood) {
        if (p != null) {
          p.close();
        }
      }
      if (probePub[0] != null) {
        probePub[0].close();
      }
      if (slow != null) {
        slow.client().close();
      }
      if (probe != null) {
        probe.client().close();
      }
    }
  }

  private Report measure(Publisher[] flood, Publisher probePub, Subscriber slow, Subscriber probe, Future<?> reader) {
    meter.start();
    long rssStart = meter.brokerRssKb();
    long rssMax = rssStart;
    for (Publisher p : flood) {
      p.start();
    }
    probePub.start();
    slow.startMeasuring();
    probe.startMeasuring();
    long lastPub = 0;
    long lastSlow = 0;
    for (int sec = 1; sec <= cfg.durationSeconds(); sec++) {
      meter.sleepUntil(sec);
      long pub = sent(flood);
      long got = slow.received();
      rssMax = Math.max(rssMax, meter.brokerRssKb());
      meter.line(String.format(Locale.ROOT, "[%3ds] published %,10d/s  slow subscriber %,8d/s  probe %,6d%s", sec,
          pub - lastPub, got - lastSlow, probe.received(), meter.brokerNow()));
      lastPub = pub;
      lastSlow = got;
    }
    double seconds = meter.elapsedSeconds();
    for (Publisher p : flood) {
      p.stop();
    }
    probePub.stop();
    long published = sent(flood);
    long slowDuring = slow.received();
    long rssEnd = meter.brokerRssKb();
    Report r = new Report().put("scenario", "flood").put("qos", cfg.qos()).put("mqtt", cfg.version().label())
        .put("publishers", flood.length).put("payload_bytes", cfg.payload()).put("duration_s", seconds)
        .put("published", published).put("published_msg_s", published / seconds)
        .put("slow_received_during", slowDuring);
    meter.finish(r, -1);
    reader.cancel(false);
    slow.client().channel().config().setAutoRead(true); // now read everything the broker kept for it
    long slowTotal = drain(slow);
    long lost = 0;
    for (int i = 0; i < flood.length; i++) {
      lost += slow.tracker(i).lost(flood[i].sent());
    }
    r.put("slow_received_total", slowTotal).put("not_delivered", lost)
        .put("not_delivered_pct", published == 0 ? 0.0 : 100.0 * lost / published)
        .put("probe_priority", probePriority).put("probe_sent", probePub.sent()).put("probe_lost", probe.tracker(0).lost(probePub.sent()))
        .put("probe_p50_us", probe.latency().percentile(50) / 1000.0)
        .put("probe_p99_us", probe.latency().percentile(99) / 1000.0)
        .put("probe_max_us", probe.latency().max() / 1000.0);
    if (rssStart > 0) {
      r.put("broker_rss_start_mb", rssStart / 1024.0).put("broker_rss_max_mb", rssMax / 1024.0)
          .put("broker_rss_end_mb", rssEnd / 1024.0);
    }
    return r;
  }

  /** Reads what is left for the slow subscriber until nothing more comes for 500 ms (bounded). */
  private static long drain(Subscriber slow) {
    long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    long last = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = slow.received();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > 500_000_000L) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return slow.received();
  }

  private static long sent(Publisher[] ps) {
    long n = 0;
    for (Publisher p : ps) {
      n += p.sent();
    }
    return n;
  }
}
