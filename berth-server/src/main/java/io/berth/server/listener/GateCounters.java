package io.berth.server.listener;

import java.util.concurrent.atomic.LongAdder;

/** How many connections a listener's gate refused, by reason, since it was made. */
public final class GateCounters {
  final LongAdder accessRules = new LongAdder();
  final LongAdder banned = new LongAdder();
  final LongAdder connRate = new LongAdder();
  final LongAdder maxConnections = new LongAdder();

  /** Refused by {@code access_rules}. */
  public long accessRules() {
    return accessRules.sum();
  }

  /** Refused because the address is banned. */
  public long banned() {
    return banned.sum();
  }

  /** Refused beyond {@code max_conn_rate}. */
  public long connRate() {
    return connRate.sum();
  }

  /** Refused beyond {@code max_connections}. */
  public long maxConnections() {
    return maxConnections.sum();
  }
}
