package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.berth.codec.MqttVersion;
import io.berth.server.listener.RefusalLog;
import io.berth.server.quic.QuicClient;
import io.netty.handler.codec.quic.QuicSslContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Refused transport input is logged: one INFO line naming the listener, the peer and the reason, no stack trace, and
 * at most one per listener and kind per interval (so a flood of bad connections is one line).
 */
class RefusalLogLinesTest {
  @TempDir static Path dir;
  static RunningBroker broker;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
  private Level level;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "listeners.ws.default.enable = false\n"
        + "listeners.ssl.s { bind = \"127.0.0.1:0\", " + pki.sslOptions(", handshake_timeout = 1s") + " }\n"
        + "listeners.ws.w { bind = \"127.0.0.1:0\" }\n"
        + "listeners.tcp.p { bind = \"127.0.0.1:0\", proxy_protocol = true,"
        + " proxy_protocol_trusted = [\"10.9.9.0/24\"] }\n"
        + "listeners.quic.q { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @BeforeEach
  void capture() {
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(level);
  }

  /** Sends {@code bytes} and waits for the broker to close the connection. */
  private static void sendAndWaitClose(int port, byte[] bytes) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      while (in.read() != -1) {
        // until closed
      }
    } catch (java.net.SocketException reset) {
      // closed by the broker
    }
  }

  private List<String> linesFor(String listenerId) {
    return lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("listener " + listenerId + ": "))
        .peek(e -> assertThat(e.getThrowableProxy()).as("no stack trace").isNull())
        .peek(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static final byte[] HTTP = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MQTT_CONNECT = {0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C,
      0x00, 0x00};

  @Test
  void plainMqttOnTlsPortIsOneLinePerInterval() throws Exception {
    for (int i = 0; i < 5; i++) {
      sendAndWaitClose(broker.port("ssl:s"), MQTT_CONNECT);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !linesFor("ssl:s").isEmpty());
    Thread.sleep(200);
    assertThat(linesFor("ssl:s")).singleElement().asString().contains("TLS handshake failed from /127.0.0.1:")
        .contains("not a TLS record");
  }

  @Test
  void httpRequestOnMqttPort() throws Exception {
    sendAndWaitClose(broker.port("tcp:default"), HTTP);
    await().atMost(Duration.ofSeconds(5)).until(() -> !linesFor("tcp:default").isEmpty());
    assertThat(linesFor("tcp:default")).singleElement().asString().contains("not MQTT from /127.0.0.1:");
  }

  @Test
  void webSocketUpgradeToTheWrongPath() throws Exception {
    try (WsClient c = new WsClient(broker.port("ws:w"))) {
      assertThat(c.upgrade("/elsewhere", "mqtt")).startsWith("HTTP/1.1 404");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !linesFor("ws:w").isEmpty());
    assertThat(linesFor("ws:w")).singleElement().asString().contains("WebSocket upgrade refused from /127.0.0.1:")
        .contains("404").contains("/elsewhere");
  }

  @Test
  void proxyHeaderFromAnUntrustedPeer() throws Exception {
    sendAndWaitClose(broker.port("tcp:p"), "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n".getBytes(StandardCharsets.US_ASCII));
    await().atMost(Duration.ofSeconds(5)).until(() -> !linesFor("tcp:p").isEmpty());
    assertThat(linesFor("tcp:p")).singleElement().asString().contains("PROXY header refused")
        .contains("not a trusted PROXY protocol proxy");
  }

  @Test
  void quicWithAnotherAlpn() {
    QuicSslContext h3 = QuicClient.context(null, true, null, null, "h3");
    assertThatThrownBy(() -> QuicMqtt.connect(broker.port("quic:q"), h3, MqttVersion.V5).close()).isNotNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> !linesFor("quic:q").isEmpty());
    assertThat(linesFor("quic:q")).singleElement().asString().contains("QUIC handshake refused from /127.0.0.1:");
  }
}
