package io.berth.core.security.acl;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code authorization { ... }} options that are not sources.
 *
 * @param noMatch what happens when no source has a rule for a request ({@code no_match}, default deny)
 * @param denyAction what the caller does to a client refused a PUBLISH ({@code deny_action}, default ignore)
 * @param sysTopicsSuperuserOnly whether a SUBSCRIBE to "$SYS/..." with no rule allowing it is denied even when
 *     no_match is allow ({@code sys_topics_superuser_only}, default true)
 * @param cache the per-client decision cache ({@code cache.*})
 */
public record AuthorizationSettings(
    NoMatch noMatch, DenyAction denyAction, boolean sysTopicsSuperuserOnly, CacheSettings cache) {

  public enum NoMatch {
    ALLOW,
    DENY;

    /** "allow" or "deny"; IllegalArgumentException naming the allowed values otherwise. */
    public static NoMatch fromConfig(String value) {
      return parse(NoMatch.class, value, "allow or deny");
    }
  }

  /** For a refused PUBLISH: answer as the spec says and go on (ignore), or close the connection (disconnect). */
  public enum DenyAction {
    IGNORE,
    DISCONNECT;

    public static DenyAction fromConfig(String value) {
      return parse(DenyAction.class, value, "ignore or disconnect");
    }
  }

  /**
   * @param enable {@code cache.enable}, default true
   * @param maxSize {@code cache.max_size}, entries per client, 1..1024, default 32
   * @param ttl {@code cache.ttl}, how long a decision is reused, positive, default 1 minute
   */
  public record CacheSettings(boolean enable, int maxSize, Duration ttl) {
    public static final int MAX_SIZE_LIMIT = 1024;

    public CacheSettings {
      Objects.requireNonNull(ttl, "ttl");
      if (maxSize < 1 || maxSize > MAX_SIZE_LIMIT) {
        throw new IllegalArgumentException("cache.max_size must be 1.." + MAX_SIZE_LIMIT);
      }
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("cache.ttl must be positive, e.g. 1m");
      }
    }

    public static CacheSettings defaults() {
      return new CacheSettings(true, 32, Duration.ofMinutes(1));
    }
  }

  public AuthorizationSettings {
    Objects.requireNonNull(noMatch, "noMatch");
    Objects.requireNonNull(denyAction, "denyAction");
    Objects.requireNonNull(cache, "cache");
  }

  /** Deny what no rule allows, ignore-and-answer on denial, $SYS for superusers, cache 32 entries for 1 minute. */
  public static AuthorizationSettings defaults() {
    return new AuthorizationSettings(NoMatch.DENY, DenyAction.IGNORE, true, CacheSettings.defaults());
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String allowed) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected " + allowed);
    }
  }
}
