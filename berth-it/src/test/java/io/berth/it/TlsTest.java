package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS with real clients (Paho v3, Paho v5, HiveMQ), against certificates made for this run: server-only
 * TLS, mutual TLS (no certificate or a certificate of another CA refused in the handshake), and the client
 * certificate's CN as client identifier and user name.
 */
class TlsTest {
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.ssl.tls { bind = \"127.0.0.1:0\", " + pki.sslOptions("")
        + " }\nlisteners.ssl.mtls { bind = \"127.0.0.1:0\", "
        + pki.sslOptions(", verify = verify_peer, fail_if_no_peer_cert = true")
        + ", peer_cert_as_clientid = cn, peer_cert_as_username = cn }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static String uri(String listener) {
    return "ssl://localhost:" + broker.port("ssl:" + listener);
  }

  static MqttClient pahoV3(String listener, String clientId, String cert) throws Exception {
    MqttClient c = new MqttClient(uri(listener), clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setSocketFactory(pki.socketFactory(cert));
    o.setConnectionTimeout(5);
    c.connect(o);
    return c;
  }

  static MqttConnectionOptions v5Options(String cert) throws Exception {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(pki.socketFactory(cert));
    o.setConnectionTimeout(5);
    return o;
  }

  @Test
  void pahoV3OverTlsAtEveryQos() throws Exception {
    MqttClient sub = pahoV3("tls", Ids.client("tsub"), null);
    MqttClient pub = pahoV3("tls", Ids.client("tpub"), null);
    BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
    String root = Ids.topicRoot();
    sub.subscribe(root + "/#", 2, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8) + " q"
        + m.getQos()));
    for (int q = 0; q <= 2; q++) {
      pub.publish(root + "/x", ("tls" + q).getBytes(StandardCharsets.UTF_8), q, false);
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("tls" + q + " q" + q);
    }
    pub.disconnect();
    sub.disconnect();
    pub.close();
    sub.close();
  }

  @Test
  void pahoV3OverMutualTls() throws Exception {
    MqttClient c = pahoV3("mtls", "ignored-id", "good");
    BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
    String topic = Ids.topicRoot() + "/m";
    c.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
    c.publish(topic, "mutual".getBytes(StandardCharsets.UTF_8), 1, false);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("mutual");
    c.disconnect();
    c.close();
  }

  @Test
  void certificateCommonNameBecomesTheClientIdentifier() throws Exception {
    // MQTT 5 with an empty identifier: the broker reports the one it used, the certificate's CN [MQTT-3.2.2-16]
    try (Paho5 anon = new Paho5(uri("mtls"), "")) {
      anon.connect(v5Options("good"));
      assertThat(anon.connectToken.getResponseProperties().getAssignedClientIdentifier())
          .isEqualTo(TestPki.CLIENT_CN);
      // Another client id with the same certificate is the same client: it takes the session over (0x8E)
      try (Paho5 other = new Paho5(uri("mtls"), "some-other-id")) {
        other.connect(v5Options("good"));
        var d = anon.disconnects.poll(5, TimeUnit.SECONDS);
        assertThat(d).isNotNull();
        assertThat(d.getReturnCode()).isEqualTo(MqttReturnCode.RETURN_CODE_SESSION_TAKEN_OVER);
      }
    }
  }

  @Test
  void hiveMqClientOverTls() throws Exception {
    Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(Ids.client("hive")).serverHost("localhost")
        .serverPort(broker.port("ssl:tls")).sslConfig().trustManagerFactory(pki.trust()).applySslConfig()
        .buildBlocking();
    c.connect();
    String topic = Ids.topicRoot() + "/h";
    try (var received = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
      c.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload("hive".getBytes(StandardCharsets.UTF_8)).send();
      var m = received.receive(5, TimeUnit.SECONDS);
      assertThat(m).isPresent();
      assertThat(new String(m.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hive");
    }
    c.disconnect();
  }

  @Test
  void hiveMqClientOverMutualTls() throws Exception {
    Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("x").serverHost("localhost")
        .serverPort(broker.port("ssl:mtls")).sslConfig().trustManagerFactory(pki.trust())
        .keyManagerFactory(pki.keys(false)).applySslConfig().buildBlocking();
    assertThat(c.connect().getReasonCode().isError()).isFalse();
    c.disconnect();
  }

  @Test
  void clientWithoutCertificateIsRefusedOnMutualTls() {
    assertThatThrownBy(() -> pahoV3("mtls", Ids.client("nocert"), null)).isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> {
      try (Paho5 c = new Paho5(uri("mtls"), Ids.client("nocert5"))) {
        c.connect(v5Options(null));
      }
    }).isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
  }

  @Test
  void certificateOfAnotherCaIsRefused() {
    assertThatThrownBy(() -> pahoV3("mtls", Ids.client("rogue"), "rogue")).isInstanceOf(MqttException.class);
  }

  @Test
  void brokerCertificateIsCheckedByClients() {
    // A client that does not trust the test CA refuses the broker (the JDK's default trust store)
    assertThatThrownBy(() -> {
      MqttClient c = new MqttClient(uri("tls"), Ids.client("untrusting"), new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setConnectionTimeout(5);
      c.connect(o);
    }).isInstanceOf(MqttException.class);
  }
}
