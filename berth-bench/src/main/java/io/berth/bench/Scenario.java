package io.berth.bench;

import java.util.Locale;

/** The load shapes of {@code berth bench}, with the number of clients each uses by default. */
public enum Scenario {
  /** N publishers on bench/RUN/in/i, one subscriber on bench/RUN/in/+. */
  FANIN(10),
  /** One publisher, N subscribers on one topic (delivered = N x published). */
  FANOUT(10),
  /** N publisher/subscriber pairs, each pair on its own topic. */
  P2P(10),
  /** One publisher, one subscriber, at a fixed rate (default 10,000 msg/s): latency percentiles. */
  LATENCY(1),
  /** As many idle connections as the file descriptor limit allows (0 = that many). */
  CONN(0),
  /** N publishers as fast as TCP lets them, one subscriber that reads slowly, one well-behaved probe pair. */
  FLOOD(4);

  private final int defaultClients;

  Scenario(int defaultClients) {
    this.defaultClients = defaultClients;
  }

  public int defaultClients() {
    return defaultClients;
  }

  /** Latency percentiles need the generator's code compiled before they count; throughput figures do not. */
  public int defaultWarmupSeconds() {
    return this == LATENCY ? 5 : 1;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Case-insensitive, for the command line. */
  public static Scenario parse(String s) {
    for (Scenario v : values()) {
      if (v.label().equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + s + "': fanin, fanout, p2p, latency, conn or flood");
  }
}
