package io.berth.core.security.ban;

/**
 * {@code flapping_detect}: a client id that connects more than {@code maxCount} times within {@code windowMillis} is
 * banned for {@code banMillis}.
 */
public record FlappingSettings(boolean enable, int maxCount, long windowMillis, long banMillis) {
  /** Detection off, with EMQX's numbers for when it is turned on (more than 15 connections in a minute bans). */
  public static final FlappingSettings DISABLED = new FlappingSettings(false, 15, 60_000, 300_000);
  /**
   * The configuration's default, {@link #DISABLED} as in EMQX: many legitimate clients reuse one client id in quick
   * succession (a test suite's fixed ids, a CI job, an app restarted during development).
   */
  public static final FlappingSettings DEFAULTS = DISABLED;
}
