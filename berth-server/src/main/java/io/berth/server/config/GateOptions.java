package io.berth.server.config;

/**
 * What a listener's connection gate checks at accept besides {@code max_connections}.
 *
 * @param accessRules {@code access_rules}: which client addresses may connect
 * @param maxConnRate {@code max_conn_rate}: new connections a second (a burst of one second's worth is let in after a
 *     quiet time); {@link Double#POSITIVE_INFINITY} for no limit
 */
public record GateOptions(AccessRules accessRules, double maxConnRate) {
  /** No rules, no rate limit. */
  public static final GateOptions OPEN = new GateOptions(AccessRules.ALLOW_ALL, Double.POSITIVE_INFINITY);

  public boolean limitsRate() {
    return maxConnRate != Double.POSITIVE_INFINITY;
  }

  /** The burst: one second of connections, at least one. */
  public int burst() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(maxConnRate)));
  }
}
