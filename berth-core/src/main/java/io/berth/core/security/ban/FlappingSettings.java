package io.berth.core.security.ban;

/**
 * {@code flapping_detect}: a client id that connects more than {@code maxCount} times within {@code windowMillis} is
 * banned for {@code banMillis}.
 */
public record FlappingSettings(boolean enable, int maxCount, long windowMillis, long banMillis) {
  /** EMQX's numbers: more than 15 connections in a minute bans the client id for 5 minutes. */
  public static final FlappingSettings DEFAULTS = new FlappingSettings(true, 15, 60_000, 300_000);
  public static final FlappingSettings DISABLED = new FlappingSettings(false, 15, 60_000, 300_000);
}
