package io.berth.core.security.ban;

import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Brute-force protection ({@code authentication_ban}): failed logins are counted per client address; more than
 * {@code max_failures} within {@code window_time} bans the address for {@code ban_time} (its connections are closed
 * and new ones refused at accept). A successful login clears the address's count. At most {@link #MAX_TRACKED}
 * addresses are tracked at once.
 */
public final class LoginFailures {
  public static final int MAX_TRACKED = 100_000;

  private final AuthenticationBanSettings settings;
  private final BanList bans;
  private final Consumer<String> log;
  private final WindowCounter counter;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong banned = new AtomicLong();

  /** @param log where each ban is reported, one line */
  public LoginFailures(AuthenticationBanSettings settings, BanList bans, Consumer<String> log) {
    this.settings = settings;
    this.bans = bans;
    this.log = log;
    this.counter = new WindowCounter(settings.windowMillis(), MAX_TRACKED);
  }

  public AuthenticationBanSettings settings() {
    return settings;
  }

  /**
   * Counts a failed login (authentication refused) from {@code peerHost}.
   *
   * @param peerHost the client's address, with or without port; a non-IP peer (a Unix socket) is not counted
   * @return the address ban just made when this failure is one too many, else empty
   */
  public Optional<Ban> recordFailure(String peerHost, long nowMillis) {
    failures.incrementAndGet();
    InetAddress address = Cidr.hostOf(peerHost);
    if (!settings.enable() || address == null) {
      return Optional.empty();
    }
    String host = address.getHostAddress();
    int count = counter.record(host, nowMillis);
    if (count <= settings.maxFailures()) {
      return Optional.empty();
    }
    counter.forget(host);
    Ban ban = new Ban(BanKind.PEERHOST, host, "too many failed logins", "authentication_ban", nowMillis,
        nowMillis + settings.banMillis());
    bans.add(ban);
    banned.incrementAndGet();
    log.accept("authentication_ban: " + count + " failed logins from " + host + " within "
        + Durations.text(settings.windowMillis()) + "; address banned for " + Durations.text(settings.banMillis()));
    return Optional.of(ban);
  }

  /** A successful login from {@code peerHost}: its failures so far are forgiven. */
  public void recordSuccess(String peerHost) {
    InetAddress address = Cidr.hostOf(peerHost);
    if (address != null) {
      counter.forget(address.getHostAddress());
    }
  }

  /** Failed logins since the broker started. */
  public long failures() {
    return failures.get();
  }

  /** Address bans made since the broker started. */
  public long bansMade() {
    return banned.get();
  }

  WindowCounter counter() {
    return counter;
  }
}
