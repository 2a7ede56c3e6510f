package io.berth.core.security.acl;

import io.berth.core.security.Authorizer;
import io.berth.core.security.Authorizer.Action;
import io.berth.core.security.Authorizer.Decision;
import io.berth.core.security.ClientIdentity;
import io.berth.core.security.acl.AuthorizationSettings.DenyAction;
import io.berth.core.security.acl.AuthorizationSettings.NoMatch;
import java.util.List;

/**
 * Authorization as the broker applies it: superusers pass; otherwise the sources are asked in order and the first
 * that has a rule (ALLOW or DENY) decides; when none has, a SUBSCRIBE to "$SYS/..." is denied (unless configured
 * otherwise) and anything else gets {@code no_match}. Immutable and thread-safe; a changed configuration is a new
 * chain.
 */
public final class AuthorizationChain {
  private final Authorizer[] sources;
  private final AuthorizationSettings settings;

  public AuthorizationChain(List<? extends Authorizer> sources, AuthorizationSettings settings) {
    this.sources = sources.toArray(new Authorizer[0]);
    this.settings = settings;
  }

  /** The final answer for one request, without a cache. */
  public boolean allows(ClientIdentity client, Action action, String topic, int qos, boolean retain) {
    if (client.superuser()) {
      return true;
    }
    for (Authorizer source : sources) {
      Decision d = source.check(client, action, topic, qos, retain);
      if (d != Decision.NO_MATCH) {
        return d == Decision.ALLOW;
      }
    }
    if (settings.sysTopicsSuperuserOnly() && action == Action.SUBSCRIBE && isSys(topic)) {
      return false;
    }
    return settings.noMatch() == NoMatch.ALLOW;
  }

  /**
   * The final answer, reusing the client's cached decision when there is one (the path every PUBLISH takes: no locks,
   * no allocation on a hit).
   *
   * @param cache the connection's cache from {@link #newCache()}, or null for none
   * @param nowMillis the broker's clock, for the cache's TTL
   */
  public boolean allows(
      ClientIdentity client, Action action, String topic, int qos, boolean retain, AuthzCache cache, long nowMillis) {
    if (client.superuser() || cache == null) {
      return allows(client, action, topic, qos, retain);
    }
    int key = AuthzCache.key(action, qos, retain);
    int cached = cache.lookup(this, version(), key, topic, nowMillis);
    if (cached >= 0) {
      return cached == 1;
    }
    boolean allowed = allows(client, action, topic, qos, retain);
    cache.store(key, topic, allowed, nowMillis);
    return allowed;
  }

  /** A decision cache for one connection, or null when {@code cache.enable = false}. */
  public AuthzCache newCache() {
    AuthorizationSettings.CacheSettings c = settings.cache();
    return c.enable() ? new AuthzCache(c.maxSize(), c.ttl().toMillis()) : null;
  }

  /** Changes whenever a source's rules change: decisions cached under another version are stale. */
  public long version() {
    long v = 0;
    for (Authorizer s : sources) {
      v = v * 1_000_003 + s.version();
    }
    return v;
  }

  public DenyAction denyAction() {
    return settings.denyAction();
  }

  public AuthorizationSettings settings() {
    return settings;
  }

  private static boolean isSys(String filter) {
    return filter.startsWith("$SYS") && (filter.length() == 4 || filter.charAt(4) == '/');
  }
}
