package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connect;
import io.berth.core.channel.Channel;
import io.berth.core.session.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket listener limits: {@code check_origin_enable} with {@code allowed_origins}, {@code max_frame_size} (close
 * status 1009), and {@code proxy_address_header} believed only from {@code proxy_trusted_cidrs}.
 */
class WebSocketLimitsTest {
  private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
  @TempDir static Path dir;
  static RunningBroker broker;

  @BeforeAll
  static void start() {
    broker = RunningBroker.fromConfig(dir, "listeners.tcp.default { bind = \"127.0.0.1:0\" }\nlisteners.ws.default.enable = false\n"
        + "listeners.ws.origin { bind = \"127.0.0.1:0\", websocket { check_origin_enable = true,"
        + " allowed_origins = [\"https://app.example.com\"], max_frame_size = 1024 } }\n"
        + "listeners.ws.trusted { bind = \"127.0.0.1:0\", allow_anonymous = true, websocket { proxy_address_header = \"x-forwarded-for\","
        + " proxy_trusted_cidrs = [\"127.0.0.0/8\"] } }\n"
        + "listeners.ws.untrusted { bind = \"127.0.0.1:0\", websocket { proxy_address_header = \"x-forwarded-for\","
        + " proxy_trusted_cidrs = [\"10.0.0.0/8\"] } }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static String upgrade(WsClient c, String... extra) throws Exception {
    String[] headers = new String[5 + extra.length];
    headers[0] = "Upgrade: websocket";
    headers[1] = "Connection: Upgrade";
    headers[2] = "Sec-WebSocket-Version: 13";
    headers[3] = KEY;
    headers[4] = "Sec-WebSocket-Protocol: mqtt";
    System.arraycopy(extra, 0, headers, 5, extra.length);
    return c.request("/mqtt", headers);
  }

  private static void connect(WsClient c, String clientId) throws Exception {
    c.frame(WsClient.BINARY, true, Packets.bytes(new Connect(MqttVersion.V5, clientId, true, 30, null, null, null,
        MqttProperties.NONE), MqttVersion.V5));
    byte[] connack = c.readFrame();
    assertThat(connack[0]).isEqualTo((byte) WsClient.BINARY);
    assertThat(connack[1] & 0xFF).as("CONNACK").isEqualTo(0x20);
  }

  @Test
  void disallowedOriginIsRefusedWith403AndClosed() throws Exception {
    try (WsClient c = new WsClient(broker.port("ws:origin"))) {
      assertThat(upgrade(c, "Origin: https://evil.example.com")).startsWith("HTTP/1.1 403");
      assertThat(c.closedByBroker()).isTrue();
    }
    try (WsClient c = new WsClient(broker.port("ws:origin"))) { // no Origin at all
      assertThat(upgrade(c)).startsWith("HTTP/1.1 403");
      assertThat(c.closedByBroker()).isTrue();
    }
  }

  @Test
  void allowedOriginConnects() throws Exception {
    try (WsClient c = new WsClient(broker.port("ws:origin"))) {
      assertThat(upgrade(c, "Origin: https://app.example.com")).startsWith("HTTP/1.1 101");
      connect(c, Ids.client("origin-ok"));
    }
  }

  @Test
  void frameOverMaxFrameSizeClosesWith1009() throws Exception {
    try (WsClient c = new WsClient(broker.port("ws:origin"))) {
      assertThat(upgrade(c, "Origin: https://app.example.com")).startsWith("HTTP/1.1 101");
      connect(c, Ids.client("big-frame"));
      c.frame(WsClient.BINARY, true, new byte[1025]);
      byte[] close = c.readFrame();
      assertThat(close[0]).as("Close frame").isEqualTo((byte) 0x8);
      assertThat(((close[1] & 0xFF) << 8) | (close[2] & 0xFF)).as("close status").isEqualTo(1009);
      assertThat(c.closedByBroker()).isTrue();
    }
  }

  @Test
  void frameAtMaxFrameSizeIsAccepted() throws Exception {
    try (WsClient c = new WsClient(broker.port("ws:origin"))) {
      assertThat(upgrade(c, "Origin: https://app.example.com")).startsWith("HTTP/1.1 101");
      connect(c, Ids.client("frame-ok"));
      byte[] ping = {(byte) 0xC0, 0};
      byte[] padded = new byte[1024]; // 512 PINGREQs: exactly max_frame_size
      for (int i = 0; i < padded.length; i += 2) {
        System.arraycopy(ping, 0, padded, i, 2);
      }
      c.frame(WsClient.BINARY, true, padded);
      assertThat(c.readFrame()).containsExactly(WsClient.BINARY, 0xD0, 0); // PINGRESP
    }
  }

  @Test
  void forwardedForIsHonouredFromTrustedProxy() throws Exception {
    String id = Ids.client("xff-trusted");
    try (WsClient c = new WsClient(broker.port("ws:trusted"))) {
      assertThat(upgrade(c, "X-Forwarded-For: 203.0.113.7, 127.0.0.5")).startsWith("HTTP/1.1 101");
      connect(c, id);
      assertThat(recordedAddress(id)).isEqualTo("203.0.113.7");
    }
  }

  @Test
  void forwardedForIsIgnoredFromUntrustedPeer() throws Exception {
    String id = Ids.client("xff-untrusted");
    try (WsClient c = new WsClient(broker.port("ws:untrusted"))) {
      assertThat(upgrade(c, "X-Forwarded-For: 203.0.113.7")).startsWith("HTTP/1.1 101");
      connect(c, id);
      assertThat(recordedAddress(id)).isEqualTo("127.0.0.1:" + c.socket.getLocalPort());
    }
  }

  /** The client address the broker recorded for the connection of {@code clientId}. */
  private static String recordedAddress(String clientId) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(5));
    while (Instant.now().isBefore(until)) {
      Session s = broker.server().core().sessions().get(clientId);
      if (s != null && s.owner() instanceof Channel ch) {
        return ch.connectionInfo().remoteAddress();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no connection for " + clientId);
  }
}
