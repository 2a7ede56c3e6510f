package io.berth.core.security.ban;

/**
 * {@code authentication_ban}: an address with more than {@code maxFailures} failed logins within {@code windowMillis}
 * is banned for {@code banMillis}.
 */
public record AuthenticationBanSettings(boolean enable, int maxFailures, long windowMillis, long banMillis) {
  public static final AuthenticationBanSettings DEFAULTS = new AuthenticationBanSettings(true, 10, 60_000, 600_000);
  public static final AuthenticationBanSettings DISABLED =
      new AuthenticationBanSettings(false, 10, 60_000, 600_000);
}
