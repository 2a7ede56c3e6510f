package io.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.listener.RefusalLog.Kind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rate limit of refused-input log lines: one per kind per interval, with the count of those not logged. */
class RefusalLogTest {
  private final List<String> lines = new ArrayList<>();
  private long now = 1_000_000;
  private final RefusalLog log = new RefusalLog("ssl:default", 10_000, () -> now, lines::add);
  private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40000);

  private void advanceMillis(long ms) {
    now += TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void firstRefusalIsLoggedWithListenerPeerAndReason() {
    log.refused(Kind.TLS_HANDSHAKE, peer, "not a TLS record");
    assertThat(lines).containsExactly("listener ssl:default: TLS handshake failed from /127.0.0.1:40000: not a TLS"
        + " record");
  }

  @Test
  void furtherRefusalsWithinTheIntervalAreCountedNotLogged() {
    for (int i = 0; i < 50; i++) {
      log.refused(Kind.TLS_HANDSHAKE, peer, "bad " + i);
      advanceMillis(100); // 5 s in all
    }
    assertThat(lines).hasSize(1);
    advanceMillis(5_000); // 10 s after the first line
    log.refused(Kind.TLS_HANDSHAKE, peer, "bad again");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).endsWith("bad again (49 more refused since the last line)");
    log.refused(Kind.TLS_HANDSHAKE, peer, "once more");
    advanceMillis(10_000);
    log.refused(Kind.TLS_HANDSHAKE, peer, "and again");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).endsWith("and again (1 more refused since the last line)");
    advanceMillis(10_000);
    log.refused(Kind.TLS_HANDSHAKE, peer, "quiet since");
    assertThat(lines.get(3)).endsWith(": quiet since"); // nothing suppressed: no count
  }

  @Test
  void eachKindHasItsOwnLimit() {
    log.refused(Kind.TLS_HANDSHAKE, peer, "a");
    log.refused(Kind.NOT_MQTT, peer, "b");
    log.refused(Kind.WEBSOCKET_UPGRADE, peer, "c");
    log.refused(Kind.PROXY_HEADER, peer, "d");
    log.refused(Kind.QUIC_HANDSHAKE, peer, "e");
    log.refused(Kind.NOT_MQTT, peer, "b2");
    assertThat(lines).hasSize(5);
  }

  @Test
  void eachListenerHasItsOwnLimit() {
    RefusalLog other = new RefusalLog("tcp:default", 10_000, () -> now, lines::add);
    log.refused(Kind.NOT_MQTT, peer, "x");
    other.refused(Kind.NOT_MQTT, peer, "y");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("listener tcp:default: not MQTT");
  }

  @Test
  void reasonIsOneLineWithoutStackTrace() {
    String r = RefusalLog.reason(new io.netty.handler.codec.DecoderException(
        new javax.net.ssl.SSLHandshakeException("no cipher suites in common\nsecond line")));
    assertThat(r).isEqualTo("SSLHandshakeException: no cipher suites in common");
  }
}
