package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.berth.core.channel.Channel;
import io.berth.core.channel.ConnectionInfo;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over WebSocket over mutual TLS (wss, verify_peer + fail_if_no_peer_cert): clients with a certificate of the
 * CA connect, publish and receive (Paho v5 WebSocket, HiveMQ's WebSocket transport); clients without one, or with
 * another CA's, are refused in the TLS handshake, before any HTTP. The certificate's subject reaches the connection
 * even though the listener maps nothing of it (no peer_cert_as_*): authentication and ACLs read it there.
 */
class WssMutualTlsTest {
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.wss.devices { bind = \"127.0.0.1:0\", "
        + pki.sslOptions(", verify = verify_peer, fail_if_no_peer_cert = true") + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static int port() {
    return broker.port("wss:devices");
  }

  static MqttConnectionOptions options(String cert) throws Exception {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(pki.socketFactory(cert));
    o.setConnectionTimeout(5);
    return o;
  }

  @Test
  void pahoV5WithACertificatePublishesAndReceives() throws Exception {
    String id = Ids.client("wss-paho");
    try (Paho5 c = new Paho5("wss://localhost:" + port() + "/mqtt", id)) {
      c.connect(options("good"));
      String topic = Ids.topicRoot() + "/wss";
      c.subscribe(topic, 2);
      for (int q = 0; q <= 2; q++) {
        c.publish(topic, "m" + q, q, false);
        Paho5.Received r = c.messages.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("QoS " + q).isNotNull();
        assertThat(r.text()).isEqualTo("m" + q);
        assertThat(r.message().getQos()).isEqualTo(q);
      }
      ConnectionInfo info = ((Channel) broker.server().core().sessions().get(id).owner()).connectionInfo();
      assertThat(info.listenerId()).isEqualTo("wss:devices");
      assertThat(info.certCommonName()).isEqualTo(TestPki.CLIENT_CN);
      assertThat(info.certSubject()).isEqualTo("CN=" + TestPki.CLIENT_CN + ",O=Berth");
      assertThat(info.certUsername()).as("peer_cert_as_username is disabled").isNull();
    }
  }

  @Test
  void hiveMqWebSocketTransportWithAClientKeystore() throws Exception {
    Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(Ids.client("wss-hive")).serverHost("localhost")
        .serverPort(port())
        .sslConfig().trustManagerFactory(pki.trust()).keyManagerFactory(pki.keys(false)).applySslConfig()
        .webSocketConfig().serverPath("mqtt").subprotocol("mqtt").applyWebSocketConfig()
        .buildBlocking();
    assertThat(c.connect().getReasonCode().isError()).isFalse();
    String topic = Ids.topicRoot() + "/hive";
    try (var received = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
      c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("hive".getBytes(StandardCharsets.UTF_8)).send();
      var m = received.receive(5, TimeUnit.SECONDS);
      assertThat(m).isPresent();
      assertThat(new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hive");
    }
    c.disconnect();
  }

  @Test
  void clientsWithoutAGoodCertificateAreRefused() throws Exception {
    for (String cert : new String[] {null, "rogue"}) {
      assertThatThrownBy(() -> {
        try (Paho5 c = new Paho5("wss://localhost:" + port() + "/mqtt", Ids.client("wss-no"))) {
          c.connect(options(cert));
        }
      }).as(String.valueOf(cert)).isInstanceOf(MqttException.class);
    }
    Mqtt5BlockingClient hive = Mqtt5Client.builder().identifier(Ids.client("wss-hive-no")).serverHost("localhost")
        .serverPort(port()).sslConfig().trustManagerFactory(pki.trust()).applySslConfig()
        .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
    assertThatThrownBy(hive::connect).isInstanceOf(RuntimeException.class);
  }

  @Test
  void refusalIsInTheTlsHandshake() throws Exception {
    // TLS 1.2: the server checks the client's certificate before its Finished, so the handshake itself fails: with
    // the broker's alert, or a broken pipe when the client was still writing as the broker closed
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, pki.trust().getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port())) {
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      s.setSoTimeout(5000);
      assertThatThrownBy(s::startHandshake).isInstanceOfAny(SSLException.class, SocketException.class);
    }
    // TLS 1.3: the client's side of the handshake ends first; then it meets the alert or a closed socket, never the
    // HTTP answer to its upgrade (which a client with a certificate gets: see upgradeAnsweredWithACertificate)
    assertThat(upgradeAnswer(ctx)).isEqualTo(-1);
  }

  @Test
  void upgradeAnsweredWithACertificate() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(pki.keys(false).getKeyManagers(), pki.trust().getTrustManagers(), null);
    assertThat(upgradeAnswer(ctx)).isEqualTo('H'); // "HTTP/1.1 101 Switching Protocols"
  }

  /** The first byte of the answer to a WebSocket upgrade over TLS 1.3, or -1 when the broker closed instead. */
  private static int upgradeAnswer(SSLContext ctx) throws Exception {
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port())) {
      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.setSoTimeout(5000);
      s.startHandshake();
      s.getOutputStream().write(("GET /mqtt HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade"
          + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: mqtt\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return s.getInputStream().read();
    } catch (java.io.IOException refused) { // the alert (SSLException) or a reset socket
      return -1;
    }
  }
}
