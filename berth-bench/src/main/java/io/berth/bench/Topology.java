package io.berth.bench;

/**
 * Who publishes where and who subscribes to what, for the throughput scenarios. Topics live under a per-run prefix
 * ({@code bench/RUN/...}) so that two runs never see each other's messages.
 */
record Topology(Scenario scenario, int n, String base) {

  static Topology of(Scenario scenario, int n, String base) {
    if (n < 1) {
      throw new IllegalArgumentException("--clients must be at least 1 for " + scenario.label());
    }
    return new Topology(scenario, scenario == Scenario.LATENCY ? 1 : n, base);
  }

  int publishers() {
    return scenario == Scenario.FANOUT ? 1 : n;
  }

  int subscribers() {
    return scenario == Scenario.FANIN ? 1 : n;
  }

  /** Subscribers that receive each message of one publisher. */
  int fanout() {
    return scenario == Scenario.FANOUT ? n : 1;
  }

  String topic(int publisher) {
    return switch (scenario) {
      case FANIN -> base + "/in/" + publisher;
      case FANOUT -> base + "/out";
      case P2P -> base + "/p2p/" + publisher;
      default -> base + "/lat";
    };
  }

  String filter(int subscriber) {
    return switch (scenario) {
      case FANIN -> base + "/in/+";
      case FANOUT -> base + "/out";
      case P2P -> base + "/p2p/" + subscriber;
      default -> base + "/lat";
    };
  }

  /** Whether messages of {@code publisher} reach {@code subscriber}. */
  boolean routes(int publisher, int subscriber) {
    return scenario != Scenario.P2P || publisher == subscriber;
  }
}
