package io.berth.server.api.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Login tokens, kept on the server (so they can be revoked) by their SHA-256: the tokens themselves are never
 * stored. A token expires {@code ttl} after its last use (sliding), or at logout, or when its admin changes the
 * password (the other tokens of that admin).
 */
public final class Sessions {
  /** Most tokens kept at once; beyond it the oldest expiry goes first. */
  private static final int MAX_SESSIONS = 10_000;

  private record Session(String username, long expiresAt) {}

  /** A new token and when it expires (if unused). */
  public record Issued(String token, long expiresAt) {}

  private final Map<String, Session> byDigest = new ConcurrentHashMap<>();
  private final Secrets secrets;
  private final long ttlMillis;
  private final LongSupplier clock;

  public Sessions(Secrets secrets, long ttlMillis, LongSupplier clock) {
    this.secrets = secrets;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  public Issued issue(String username) {
    sweep();
    String token = secrets.token();
    long expires = clock.getAsLong() + ttlMillis;
    byDigest.put(Secrets.sha256(token), new Session(username, expires));
    return new Issued(token, expires);
  }

  /** The admin a live token belongs to (and the token's life renewed), or empty. */
  public Optional<Principal> use(String token) {
    String digest = Secrets.sha256(token);
    long now = clock.getAsLong();
    Session s = byDigest.computeIfPresent(digest, (d, old) -> old.expiresAt() <= now ? null
        : new Session(old.username(), now + ttlMillis));
    return s == null ? Optional.empty() : Optional.of(new Principal(s.username(), Principal.Kind.ADMIN, digest));
  }

  /** Whether the token is still live, without renewing it (a long event stream must not keep a login alive). */
  public boolean isLive(String tokenDigest) {
    Session s = byDigest.get(tokenDigest);
    return s != null && s.expiresAt() > clock.getAsLong();
  }

  public void revoke(String tokenDigest) {
    byDigest.remove(tokenDigest);
  }

  /** Revokes every token of {@code username} but {@code keepDigest} (the one that changed the password). */
  public void revokeOthers(String username, String keepDigest) {
    byDigest.entrySet().removeIf(e -> e.getValue().username().equals(username) && !e.getKey().equals(keepDigest));
  }

  private void sweep() {
    long now = clock.getAsLong();
    byDigest.values().removeIf(s -> s.expiresAt() <= now);
    while (byDigest.size() >= MAX_SESSIONS) {
      byDigest.entrySet().stream().min(Map.Entry.comparingByValue(
          (a, b) -> Long.compare(a.expiresAt(), b.expiresAt()))).ifPresent(e -> byDigest.remove(e.getKey()));
    }
  }
}
