package io.berth.core.security.ban;

/** Durations as the configuration writes them: "90s", "5m", "1h", "2d". */
public final class Durations {
  private Durations() {}

  public static String text(long millis) {
    if (millis % 86_400_000 == 0 && millis > 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
