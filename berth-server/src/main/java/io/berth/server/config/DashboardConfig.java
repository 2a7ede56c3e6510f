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
 */
public record DashboardConfig(
    boolean enabled, String host, int port, long tokenTtlMillis, long lockoutMillis, int maxLoginAttempts) {
  /** No management API: embedded brokers and tests that do not test it. */
  public static final DashboardConfig OFF = new DashboardConfig(false, "", 0, 3_600_000, 300_000, 5);

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
    return new DashboardConfig(enabled, bind == null ? "" : bind.host(), bind == null ? 0 : bind.port(), ttl,
        lockout, attempts);
  }

  /** "0.0.0.0:18083", "[::1]:18083". */
  public String bind() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
