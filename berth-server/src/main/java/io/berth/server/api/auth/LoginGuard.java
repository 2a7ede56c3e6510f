package io.berth.server.api.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Locks a user name, or an address, after {@code maxAttempts} failed logins in a row, for {@code lockoutMillis}.
 * While locked every login for it is answered the same way, right password or not. An attempt is counted before its
 * password is checked (bcrypt takes a while), so parallel attempts cannot slip past the limit; a success clears both
 * counts.
 */
public final class LoginGuard {
  /** Most names and addresses tracked; beyond it the map is swept of idle entries, then cleared. */
  private static final int MAX_TRACKED = 100_000;

  private record Failures(int count, long lastAt, long lockedUntil) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final int maxAttempts;
  private final long lockoutMillis;
  private final LongSupplier clock;

  public LoginGuard(int maxAttempts, long lockoutMillis, LongSupplier clock) {
    this.maxAttempts = maxAttempts;
    this.lockoutMillis = lockoutMillis;
    this.clock = clock;
  }

  public boolean isLocked(String username, String address) {
    long now = clock.getAsLong();
    return locked(user(username), now) || locked(addr(address), now);
  }

  /** How long until both the user name and the address are unlocked (0: neither is locked). */
  public long lockedForMillis(String username, String address) {
    long now = clock.getAsLong();
    return Math.max(0, Math.max(lockedUntil(user(username)), lockedUntil(addr(address))) - now);
  }

  /**
   * Counts an attempt as a failure until it proves otherwise ({@link #succeeded}, {@link #notAFailure}).
   *
   * @return false when the user name or the address is locked: refuse without checking anything
   */
  public boolean tryAttempt(String username, String address) {
    if (isLocked(username, address)) {
      return false;
    }
    failed(username, address);
    return true;
  }

  /** The attempt was not a failure, nor a success yet (right password, second factor still to come). */
  public void notAFailure(String username, String address) {
    for (String key : new String[] {user(username), addr(address)}) {
      failures.computeIfPresent(key, (k, f) -> {
        int n = f.count() - 1;
        return n <= 0 ? null : new Failures(n, f.lastAt(), n >= maxAttempts ? f.lockedUntil() : 0);
      });
    }
  }

  /** Counts a failure for both; the one that reaches the limit is locked. */
  private void failed(String username, String address) {
    if (failures.size() > MAX_TRACKED) {
      long now = clock.getAsLong();
      failures.values().removeIf(f -> f.lockedUntil() < now && now - f.lastAt() > lockoutMillis);
      if (failures.size() > MAX_TRACKED) {
        failures.clear(); // a flood of names: forget rather than grow
      }
    }
    count(user(username));
    count(addr(address));
  }

  public void succeeded(String username, String address) {
    failures.remove(user(username));
    failures.remove(addr(address));
  }

  private void count(String key) {
    long now = clock.getAsLong();
    failures.compute(key, (k, f) -> {
      // a failure long after the last one starts a new count; a lock that ran out starts a new count too
      int before = f == null || (f.lockedUntil() != 0 && f.lockedUntil() <= now)
          || now - f.lastAt() > lockoutMillis ? 0 : f.count();
      int n = before + 1;
      return new Failures(n, now, n >= maxAttempts ? now + lockoutMillis : 0);
    });
  }

  private long lockedUntil(String key) {
    Failures f = failures.get(key);
    return f == null ? 0 : f.lockedUntil();
  }

  private boolean locked(String key, long now) {
    Failures f = failures.get(key);
    return f != null && f.lockedUntil() > now;
  }

  private static String user(String username) {
    return "u:" + username;
  }

  private static String addr(String address) {
    return "a:" + address;
  }
}
