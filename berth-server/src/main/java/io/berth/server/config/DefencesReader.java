package io.berth.server.config;

import io.berth.core.security.ban.AuthenticationBanSettings;
import io.berth.core.security.ban.FlappingSettings;

/** Reads {@code flapping_detect} and {@code authentication_ban}. */
final class DefencesReader {
  private static final long MAX_DURATION = 365L * 86_400_000;

  private DefencesReader() {}

  static FlappingSettings flapping(Fields root) throws ConfigException {
    return new FlappingSettings(
        root.bool("flapping_detect.enable"),
        root.intIn("flapping_detect.max_count", 1, Integer.MAX_VALUE),
        root.durationMillis("flapping_detect.window_time", 1_000, MAX_DURATION),
        root.durationMillis("flapping_detect.ban_time", 1_000, MAX_DURATION));
  }

  static AuthenticationBanSettings authenticationBan(Fields root) throws ConfigException {
    return new AuthenticationBanSettings(
        root.bool("authentication_ban.enable"),
        root.intIn("authentication_ban.max_failures", 1, Integer.MAX_VALUE),
        root.durationMillis("authentication_ban.window_time", 1_000, MAX_DURATION),
        root.durationMillis("authentication_ban.ban_time", 1_000, MAX_DURATION));
  }
}
