package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.server.listener.RefusalLog;
import io.berth.server.quic.QuicClient;
import io.berth.server.tls.PemFiles;
import io.netty.handler.codec.quic.QuicSslContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * access_rules on a quic listener: the client's UDP address is refused before the QUIC handshake, logged as such
 * (not as a handshake that failed or timed out).
 */
class QuicGateTest {
  @TempDir static Path dir;
  static RunningBroker broker;
  static QuicSslContext trusting;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "listeners.quic.open { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.quic.closed { bind = \"127.0.0.1:0\", access_rules = [\"deny 127.0.0.0/8\"],"
        + " handshake_idle_timeout = 500ms, " + pki.sslOptions("") + " }\n");
    trusting = QuicClient.context(PemFiles.certificates(Path.of(pki.path("ca.pem")))
        .toArray(X509Certificate[]::new), false);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aDeniedAddressGetsNoHandshakeWhileTheOpenListenerServes() throws Exception {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
    Level level = logger.getLevel();
    logger.setLevel(Level.INFO);
    lines.start();
    logger.addAppender(lines);
    try {
      assertThatThrownBy(() -> QuicMqtt.connect(broker.port("quic:closed"), trusting, MqttVersion.V5).close())
          .isNotNull();
      Thread.sleep(1_000); // past handshake_idle_timeout: a refused connection has no handshake to time out
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(level);
    }
    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(l -> l.startsWith("listener quic:closed: connection refused by access_rules from /127.0.0.1:"))
        .noneMatch(l -> l.contains("QUIC handshake refused"));
    assertThat(broker.server().listeners().gate("quic:closed").counters().accessRules()).isPositive();
    assertThat(broker.server().listeners().gate("quic:closed").currentConnections()).isZero();
    try (QuicMqtt c = QuicMqtt.connect(broker.port("quic:open"), trusting, MqttVersion.V5)) {
      QuicMqtt.Stream control = c.stream();
      control.send(new Connect(MqttVersion.V5, Ids.client("quic-open"), true, 30, null, null, null,
          MqttProperties.NONE));
      assertThat(control.expect(Connack.class).reasonCode()).isZero();
    }
  }
}
