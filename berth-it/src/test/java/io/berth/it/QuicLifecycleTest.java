package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import io.berth.server.listener.ListenerManager;
import io.berth.server.quic.QuicClient;
import io.berth.server.tls.PemFiles;
import io.netty.handler.codec.quic.QuicSslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quic listener's life: when it stops (ListenerManager stop, broker shutdown) its MQTT 5 clients are told
 * DISCONNECT 0x8B on their control stream before the QUIC connection closes, as TCP clients are; its certificate
 * is rotated like an ssl listener's (new connections get the new one, connected clients stay).
 */
class QuicLifecycleTest {
  @TempDir Path dir;

  private RunningBroker broker(TestPki pki) {
    return RunningBroker.fromConfig(dir, "listeners.tcp.default { bind = \"127.0.0.1:0\" }\nlisteners.ws.default.enable = false\n"
        + "listeners.quic.q { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n");
  }

  private static QuicSslContext trusting(TestPki pki) throws Exception {
    return QuicClient.context(PemFiles.certificates(Path.of(pki.path("ca.pem"))).toArray(X509Certificate[]::new),
        false);
  }

  private static QuicMqtt.Stream connect(QuicMqtt c, MqttVersion v) throws Exception {
    QuicMqtt.Stream control = c.stream();
    control.send(new Connect(v, Ids.client("quic-life"), true, 30, null, null, null, MqttProperties.NONE));
    assertThat(control.expect(Connack.class).reasonCode()).isZero();
    return control;
  }

  private static void expectServerShuttingDown(QuicMqtt.Stream control) throws Exception {
    assertThat(control.expect(Disconnect.class).reasonCode()).as("DISCONNECT reason").isEqualTo(0x8B);
    assertThat(control.poll(Duration.ofSeconds(5))).as("then the stream ends").isSameAs(QuicMqtt.CLOSED);
  }

  @Test
  void stoppingTheListenerSendsDisconnect0x8B() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    try (RunningBroker broker = broker(pki)) {
      QuicSslContext ssl = trusting(pki);
      int port = broker.port("quic:q");
      try (QuicMqtt v5 = QuicMqtt.connect(port, ssl, MqttVersion.V5);
          QuicMqtt v3 = QuicMqtt.connect(port, ssl, MqttVersion.V3_1_1)) {
        QuicMqtt.Stream c5 = connect(v5, MqttVersion.V5);
        QuicMqtt.Stream c3 = connect(v3, MqttVersion.V3_1_1);
        assertThat(broker.server().listeners().stop("quic:q")).contains("2 connections closed");
        expectServerShuttingDown(c5);
        assertThat(c3.poll(Duration.ofSeconds(5))).as("MQTT 3.1.1: just closed").isSameAs(QuicMqtt.CLOSED);
      }
      broker.server().listeners().start("quic:q"); // and it serves again
      try (QuicMqtt again = QuicMqtt.connect(broker.port("quic:q"), ssl, MqttVersion.V5)) {
        connect(again, MqttVersion.V5);
      }
    }
  }

  @Test
  void brokerShutdownSendsDisconnect0x8B() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    RunningBroker broker = broker(pki);
    try (QuicMqtt v5 = QuicMqtt.connect(broker.port("quic:q"), trusting(pki), MqttVersion.V5)) {
      QuicMqtt.Stream c5 = connect(v5, MqttVersion.V5);
      broker.close();
      expectServerShuttingDown(c5);
    } finally {
      broker.close();
    }
  }

  @Test
  void certificateRotationReachesNewQuicConnections() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    try (RunningBroker broker = broker(pki)) {
      QuicSslContext ssl = trusting(pki);
      int port = broker.port("quic:q");
      ListenerManager listeners = broker.server().listeners();
      try (QuicMqtt before = QuicMqtt.connect(port, ssl, MqttVersion.V5)) {
        QuicMqtt.Stream control = connect(before, MqttVersion.V5);
        assertThat(presented(before)).isEqualTo("CN=localhost,O=Berth");

        Path cert = Path.of(pki.path("server.pem"));
        Path key = Path.of(pki.path("server.key"));
        pki.writeServer("rotated", dir.resolve("rotated.pem"), dir.resolve("rotated.key"));
        Files.move(dir.resolve("rotated.key"), key, StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("rotated.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
        ListenerManager.CertReport report = listeners.reloadCertificates(); // what `berth ctl certs reload` calls
        assertThat(report.failed()).isFalse();
        // the 5 s check may have found the files first: then this reload finds them unchanged, the new one in use
        assertThat(report.lines()).singleElement().asString()
            .matches("quic:q: (certificate reloaded:|unchanged,) CN=rotated,O=Berth, serial .*");
        assertThat(listeners.status("quic:q").certificate().subject()).isEqualTo("CN=rotated,O=Berth");

        // a new client context: no TLS session to resume (a resumed session shows the certificate it began with)
        try (QuicMqtt after = QuicMqtt.connect(port, trusting(pki), MqttVersion.V5)) {
          connect(after, MqttVersion.V5);
          assertThat(presented(after)).isEqualTo("CN=rotated,O=Berth");
        }
        control.send(PingReq.INSTANCE); // the client connected before the rotation stays
        control.expect(PingResp.class);

        // A key that is not the certificate's: refused, the rotated certificate stays in use
        Files.copy(Path.of(pki.path("client.key")), key, StandardCopyOption.REPLACE_EXISTING);
        report = listeners.reloadCertificates();
        assertThat(report.failed()).isTrue();
        assertThat(report.lines()).singleElement().asString().contains("new certificate files refused: "
            + "ssl_options.keyfile");
        try (QuicMqtt still = QuicMqtt.connect(port, trusting(pki), MqttVersion.V5)) {
          connect(still, MqttVersion.V5);
          assertThat(presented(still)).isEqualTo("CN=rotated,O=Berth");
        }
      }
    }
  }

  private static String presented(QuicMqtt c) throws Exception {
    X509Certificate x = (X509Certificate) c.client.channel().sslEngine().getSession().getPeerCertificates()[0];
    return x.getSubjectX500Principal().getName();
  }
}
