package io.berth.bench;

import java.io.PrintWriter;

/** Runs one configured scenario on its own generator event loops and returns its report. */
final class BenchRunner {
  private final BenchConfig cfg;
  private final PrintWriter out;

  BenchRunner(BenchConfig cfg, PrintWriter out) {
    this.cfg = cfg;
    this.out = out;
  }

  Report run() {
    String runId = BenchCommand.runId();
    Meter meter = new Meter(cfg.pid(), out);
    out.printf("berth bench %s against %s:%d, MQTT %s, %d generator loop(s)%s, run %s%n", cfg.label(), cfg.host(),
        cfg.port(), cfg.version().label(), cfg.threads(), cfg.busyPollNanos() > 0 ? " busy polling" : "", runId);
    out.flush();
    try (Clients clients = new Clients(cfg, cfg.threads(), "bb" + runId)) {
      return switch (cfg.scenario()) {
        case CONN -> new ConnRun(cfg, clients, meter).run();
        case FLOOD -> {
          try (Clients probe = new Clients(cfg, 1, "bb" + runId)) {
            yield new FloodRun(cfg, clients, probe, meter, runId).run();
          }
        }
        default -> new ThroughputRun(cfg, clients, meter, runId).run();
      };
    }
  }
}
