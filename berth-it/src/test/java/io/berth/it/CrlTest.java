package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.server.listener.ListenerManager;
import io.berth.server.quic.QuicClient;
import io.berth.server.tls.QuicTls;
import io.netty.handler.codec.quic.QuicSslContext;
import io.berth.server.tls.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssl_options.crlfile on mutual-TLS ssl, wss and quic listeners: a revoked client certificate is refused in the handshake
 * while good ones connect; a new CRL is picked up by the certificate reload (what `berth ctl certs reload` does); a
 * bad new CRL is refused and the list in use kept.
 */
class CrlTest {
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;
  static Path crl;
  static Pki.Issued good;
  static Pki.Issued lost;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    good = pki.newClient("good-device");
    lost = pki.newClient("lost-device");
    crl = dir.resolve("revoked.pem");
    pki.writeCrl(crl, lost);
    String mutual = ", verify = verify_peer, fail_if_no_peer_cert = true, crlfile = \"" + crl + "\"";
    broker = RunningBroker.fromConfig(dir,
        "listeners.ssl.mtls { bind = \"127.0.0.1:0\", " + pki.sslOptions(mutual) + " }\n"
        + "listeners.wss.mtls { bind = \"127.0.0.1:0\", " + pki.sslOptions(mutual) + " }\n"
        + "listeners.quic.mtls { bind = \"127.0.0.1:0\", " + pki.sslOptions(mutual) + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static MqttClient ssl(Pki.Issued cert) throws Exception {
    MqttClient c = new MqttClient("ssl://localhost:" + broker.port("ssl:mtls"), Ids.client("crl"),
        new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setSocketFactory(pki.socketFactoryWith(cert));
    o.setConnectionTimeout(5);
    c.connect(o);
    return c;
  }

  static Paho5 wss(Pki.Issued cert) throws Exception {
    Paho5 c = new Paho5("wss://localhost:" + broker.port("wss:mtls") + "/mqtt", Ids.client("crlws"));
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(pki.socketFactoryWith(cert));
    o.setConnectionTimeout(5);
    try {
      return c.connect(o);
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  static void connectsAndPublishes(Pki.Issued cert) throws Exception {
    MqttClient c = ssl(cert);
    String topic = Ids.topicRoot() + "/crl";
    c.publish(topic, "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
    c.disconnect();
    c.close();
    try (Paho5 w = wss(cert)) {
      w.subscribe(topic, 1);
      w.publish(topic, "ws", 1, false);
      assertThat(w.messages.poll(5, TimeUnit.SECONDS)).isNotNull().extracting(Paho5.Received::text).isEqualTo("ws");
    }
  }

  static void refused(Pki.Issued cert) {
    assertThatThrownBy(() -> ssl(cert).close()).as("ssl").isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> wss(cert).close()).as("wss")
        .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
  }

  @Test
  void revokedCertificateIsRefusedAndGoodOnesConnect() throws Exception {
    connectsAndPublishes(good);
    refused(lost);
  }

  @Test
  void quicListenerChecksTheCrlToo() throws Exception {
    assertThat(quicConnack(good)).isZero();
    // TLS 1.3 over QUIC: the client may finish its side before the broker refuses; no CONNACK either way
    assertThat(quicConnack(lost)).isNull();
  }

  /** The CONNACK reason code a QUIC client with {@code cert} gets, or null when the broker refused it. */
  static Integer quicConnack(Pki.Issued cert) throws Exception {
    QuicSslContext ctx = QuicClient.context(new X509Certificate[] {pki.caCertificate()}, false,
        cert.keys().getPrivate(), new X509Certificate[] {cert.cert()}, QuicTls.ALPN);
    String id = Ids.client("crlquic");
    try (QuicMqtt c = QuicMqtt.connect(broker.port("quic:mtls"), ctx, MqttVersion.V5)) {
      QuicMqtt.Stream control = c.stream();
      control.send(new Connect(MqttVersion.V5, id, true, 30, null, null, null, MqttProperties.NONE));
      Object answer = control.poll(Duration.ofSeconds(5));
      return answer instanceof Connack ack ? ack.reasonCode() : null;
    } catch (Exception refusedInTheHandshake) {
      return null;
    }
  }

  @Test
  void aNewCrlIsPickedUpByTheReloadAndABadOneKeepsTheOld() throws Exception {
    ListenerManager listeners = broker.server().listeners();
    Pki.Issued other = pki.newClient("other-device");
    Pki.Issued stolen = pki.newClient("stolen-device");
    connectsAndPublishes(stolen);
    MqttClient connectedBefore = ssl(stolen);

    Path next = dir.resolve("next.pem"); // written beside and moved in, as a CA's publishing job would
    pki.writeCrl(next, lost, stolen);
    Files.move(next, crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ListenerManager.CertReport report = listeners.reloadCertificates(); // `berth ctl certs reload`
    assertThat(report.failed()).as(String.join("\n", report.lines())).isFalse();
    refused(stolen);
    refused(lost);
    connectsAndPublishes(other);
    // the check is at the handshake: a connection made before stays (stop it with a ban or a listener restart)
    assertThat(connectedBefore.isConnected()).isTrue();
    connectedBefore.disconnect();
    connectedBefore.close();

    Files.writeString(crl, "not a CRL\n");
    report = listeners.reloadCertificates();
    assertThat(report.failed()).isTrue();
    assertThat(report.lines()).anySatisfy(l -> assertThat(l).startsWith("ssl:mtls: new certificate files refused: "
        + "ssl_options.crlfile = \"" + crl + "\": not a CRL file"));
    refused(stolen); // the list in use is kept
    connectsAndPublishes(other);
  }
}
