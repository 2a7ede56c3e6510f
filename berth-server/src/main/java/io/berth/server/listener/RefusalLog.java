package io.berth.server.listener;

import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one listener's refused transport input (a failed TLS handshake, an HTTP request on an MQTT port, a
 * refused WebSocket upgrade, a bad PROXY header, another QUIC ALPN): at most one INFO line per kind every {@code
 * interval}, naming the listener, the peer and the reason, and how many more of that kind were refused (and not
 * logged) since the previous line. Never a stack trace. Each refusal is also logged at DEBUG. One instance per
 * listener; thread-safe (connections of a listener live on several event loops).
 */
public final class RefusalLog {
  /** What was refused: each kind has its own rate limit. */
  public enum Kind {
    TLS_HANDSHAKE("TLS handshake failed"),
    NOT_MQTT("not MQTT"),
    WEBSOCKET_UPGRADE("WebSocket upgrade refused"),
    PROXY_HEADER("PROXY header refused"),
    QUIC_HANDSHAKE("QUIC handshake refused"),
    ACCESS_RULES("connection refused by access_rules"),
    BANNED("connection from a banned address refused"),
    CONN_RATE("connection refused by max_conn_rate"),
    MAX_CONNECTIONS("connection refused by max_connections"),
    CONNECT_REFUSED("CONNECT refused");

    final String text;

    Kind(String text) {
      this.text = text;
    }
  }

  /** The default: one line per kind per listener every 10 seconds. */
  public static final long DEFAULT_INTERVAL_MILLIS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

  private final String listenerId;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Consumer<String> sink;
  private final Map<Kind, long[]> state = new EnumMap<>(Kind.class); // {last line at, suppressed since}, guarded

  public RefusalLog(String listenerId) {
    this(listenerId, DEFAULT_INTERVAL_MILLIS, System::nanoTime, log::info);
  }

  /**
   * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime} but in tests)
   * @param sink where the lines go (the INFO level of this class's logger but in tests)
   */
  public RefusalLog(String listenerId, long intervalMillis, LongSupplier nanoClock, Consumer<String> sink) {
    this.listenerId = listenerId;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  public String listenerId() {
    return listenerId;
  }

  /**
   * Records one refusal: an INFO line "listener tcp:default: not MQTT from 10.0.0.7:51234: ... (3 more since the
   * last line)" if none of this kind was written within the interval, otherwise only counted.
   *
   * @param reason one line, no stack trace (an exception's {@code toString()} at most)
   */
  public void refused(Kind kind, Object peer, String reason) {
    String from = peer instanceof SocketAddress || peer instanceof String ? " from " + peer : "";
    if (log.isDebugEnabled()) {
      log.debug("listener {}: {}{}: {}", listenerId, kind.text, from, reason);
    }
    long suppressed;
    long now = nanoClock.getAsLong();
    synchronized (state) {
      long[] s = state.get(kind);
      if (s != null && now - s[0] < intervalNanos) {
        s[1]++;
        return;
      }
      suppressed = s == null ? 0 : s[1];
      state.put(kind, new long[] {now, 0});
    }
    sink.accept("listener " + listenerId + ": " + kind.text + from + ": " + reason
        + (suppressed > 0 ? " (" + suppressed + " more refused since the last line)" : ""));
  }

  /** A short reason from an exception: its class's simple name and message, the cause's if it wraps one. */
  public static String reason(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null
        || c instanceof io.netty.handler.codec.DecoderException)) {
      c = c.getCause();
    }
    String m = c.getMessage();
    return c.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
  }
}
