package io.berth.core.security.ban;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Flapping detection ({@code flapping_detect}): a client id that connects more than {@code max_count} times within
 * {@code window_time} (counted from its first connection in the window) gets a client-id ban of {@code ban_time},
 * reason "flapping". At most {@link #MAX_TRACKED} ids are tracked at once.
 */
public final class FlappingDetector {
  /** Client ids tracked at once; past it the one whose window opened first is forgotten. */
  public static final int MAX_TRACKED = 100_000;

  private final FlappingSettings settings;
  private final BanList bans;
  private final Consumer<String> log;
  private final WindowCounter counter;
  private final AtomicLong banned = new AtomicLong();

  /** @param log where each ban is reported, one line */
  public FlappingDetector(FlappingSettings settings, BanList bans, Consumer<String> log) {
    this.settings = settings;
    this.bans = bans;
    this.log = log;
    this.counter = new WindowCounter(settings.windowMillis(), MAX_TRACKED);
  }

  public FlappingSettings settings() {
    return settings;
  }

  /**
   * Counts a connection of {@code clientId} (call it for each accepted CONNECT).
   *
   * @param peerHost the client's address, for the log line
   * @return the ban just made when this connection is one too many (refuse it: CONNACK 0x8A / 0x05), else empty
   */
  public Optional<Ban> recordConnect(String clientId, String peerHost, long nowMillis) {
    if (!settings.enable() || clientId == null) {
      return Optional.empty();
    }
    int count = counter.record(clientId, nowMillis);
    if (count <= settings.maxCount()) {
      return Optional.empty();
    }
    counter.forget(clientId);
    Ban ban = new Ban(BanKind.CLIENTID, clientId, "flapping", "flapping_detect", nowMillis,
        nowMillis + settings.banMillis());
    bans.add(ban);
    banned.incrementAndGet();
    log.accept("flapping: client id '" + clientId + "' (from " + peerHost + ") connected " + count + " times within "
        + Durations.text(settings.windowMillis()) + "; banned for " + Durations.text(settings.banMillis()));
    return Optional.of(ban);
  }

  /** Bans made since the broker started. */
  public long bansMade() {
    return banned.get();
  }

  int tracked() {
    return counter.size();
  }

  WindowCounter counter() {
    return counter;
  }
}
