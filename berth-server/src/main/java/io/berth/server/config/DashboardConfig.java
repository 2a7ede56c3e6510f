package io.berth.server.config;

/**
 * The management API's block ({@code dashboard}): where it listens and how logins are guarded.
 *
 * @param enabled whether the HTTP server starts ({@code listeners.http.enable} and a non-empty bind)
 * @param host the address to bind ("0.0.0.0", "127.0.0.1")
 * @param port the port (0: any free one, for tests)
 * @param tokenTtlMillis a login token expires this long after its last use (sliding)
 * @param lockoutMillis how long a user name or address stays locked after too many failed logins
 * @param maxLoginAttempts failed logins in a row that lock a user name or an address
 * @param testerAllowedHosts where the Tester may connect besides this broker's listeners
 *     ({@code dashboard.tester.allowed_hosts})
 * @param testerMaxConnections the most Tester connections open at once ({@code dashboard.tester.max_connections})
 */
public record DashboardConfig(
    boolean enabled, String host, int port, long tokenTtlMillis, long lockoutMillis, int maxLoginAttempts,
    java.util.List<TesterTarget> testerAllowedHosts, int testerMaxConnections) {
  /** No management API: embedded brokers and tests that do not test it. */
  public static final DashboardConfig OFF = new DashboardConfig(false, "", 0, 3_600_000, 300_000, 5,
      java.util.List.of(), 16);

  static DashboardConfig read(Fields f) throws ConfigException {
    String bindText = f.string("dashboard.listeners.http.bind").strip();
    boolean enabled = f.bool("dashboard.listeners.http.enable") && !bindText.isEmpty();
    BindAddress bind = null;
    if (enabled) {
      try {
        bind = BindAddress.parse(bindText);
      } catch (IllegalArgumentException e) {
        throw f.problem("dashboard.listeners.http.bind", e.getMessage() + ", or \"\" for no management API");
      }
    }
    long ttl = f.durationMillis("dashboard.token_ttl", 1_000, 86_400_000);
    long lockout = f.durationMillis("dashboard.lockout_time", 1_000, 86_400_000);
    int attempts = f.intIn("dashboard.max_login_attempts", 1, 100);
    java.util.List<TesterTarget> allowed = new java.util.ArrayList<>();
    for (String entry : f.stringList("dashboard.tester.allowed_hosts")) {
      try {
        allowed.add(TesterTarget.parse(entry));
      } catch (IllegalArgumentException e) {
        throw f.problem("dashboard.tester.allowed_hosts", "\"" + entry + "\": " + e.getMessage());
      }
    }
    int testers = f.intIn("dashboard.tester.max_connections", 0, 1024);
    return new DashboardConfig(enabled, bind == null ? "" : bind.host(), bind == null ? 0 : bind.port(), ttl,
        lockout, attempts, java.util.List.copyOf(allowed), testers);
  }

  /** "0.0.0.0:18083", "[::1]:18083". */
  public String bind() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
