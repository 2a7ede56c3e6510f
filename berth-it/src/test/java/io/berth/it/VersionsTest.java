package io.berth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Publish;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every protocol version with every Java client: connect, subscribe, publish at each QoS, and across versions. */
class VersionsTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @ParameterizedTest(name = "Paho v3 client, MQTT version option {0}")
  @ValueSource(ints = {MqttConnectOptions.MQTT_VERSION_3_1, MqttConnectOptions.MQTT_VERSION_3_1_1})
  void pahoV3(int mqttVersion) throws Exception {
    String root = Ids.topicRoot();
    MqttClient sub = new MqttClient(broker.uri(), Ids.client("sub"), new MemoryPersistence());
    MqttClient pub = new MqttClient(broker.uri(), Ids.client("pub"), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(mqttVersion); // Paho falls back to 3.1 only for VERSION_DEFAULT, so this is exactly the level
    sub.connect(o);
    pub.connect(o);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    sub.subscribe(root + "/#", 2, (t, m) -> got.add(t + " " + new String(m.getPayload(), UTF_8) + " q" + m.getQos()));
    for (int q = 0; q <= 2; q++) {
      pub.publish(root + "/x", ("v" + q).getBytes(UTF_8), q, false);
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(root + "/x v" + q + " q" + q);
    }
    pub.disconnect();
    sub.disconnect();
    pub.close();
    sub.close();
  }

  @Test
  void mqtt31LevelIsSpokenOnTheWire() {
    // Paho hides the level; a raw CONNECT with protocol name MQIsdp level 3 proves 3.1 itself is accepted.
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connect(MqttVersion.V3_1, Ids.client("raw31"), true, 30);
      assertThat(ack.reasonCode()).isZero();
      assertThat(c.subscribe(1, "v31/#", 1).reasonCodes()).containsExactly(1);
      c.publish("v31/a", 1, 7, "x");
      // PUBACK for our QoS 1 and the PUBLISH to our own subscription, in either order
      var packets = c.readExactly(2, java.time.Duration.ofMillis(100));
      assertThat(packets).anySatisfy(p -> assertThat(p).isInstanceOf(io.berth.codec.packet.PubAck.class));
      assertThat(packets).filteredOn(Publish.class::isInstance).singleElement()
          .satisfies(p -> assertThat(Packets.text((Publish) p)).isEqualTo("x"));
    }
  }

  @Test
  void pahoV5() throws Exception {
    String root = Ids.topicRoot();
    try (Paho5 sub = new Paho5(broker, Ids.client("sub5")).connect();
        Paho5 pub = new Paho5(broker, Ids.client("pub5")).connect()) {
      sub.subscribe(root + "/+", 2);
      for (int q = 0; q <= 2; q++) {
        pub.publish(root + "/y", "five" + q, q, false);
        Paho5.Received r = sub.messages.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.topic() + " " + r.text() + " q" + r.message().getQos()).isEqualTo(root + "/y five" + q + " q" + q);
      }
    }
  }

  @Test
  void hiveMqV5() throws Exception {
    String root = Ids.topicRoot();
    Mqtt5BlockingClient sub = hive5("hsub5");
    Mqtt5BlockingClient pub = hive5("hpub5");
    assertThat(sub.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    assertThat(pub.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter(root + "/#").qos(MqttQos.EXACTLY_ONCE).send();
      for (MqttQos q : MqttQos.values()) {
        pub.publishWith().topic(root + "/z").qos(q).payload(("h" + q.getCode()).getBytes(UTF_8)).send();
        Optional<Mqtt5Publish> m = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(m).isPresent();
        assertThat(m.get().getTopic().toString()).isEqualTo(root + "/z");
        assertThat(new String(m.get().getPayloadAsBytes(), UTF_8)).isEqualTo("h" + q.getCode());
        assertThat(m.get().getQos()).isEqualTo(q);
      }
    }
    pub.disconnect();
    sub.disconnect();
  }

  @Test
  void hiveMqV3() throws Exception {
    String root = Ids.topicRoot();
    Mqtt3BlockingClient sub = hive3("hsub3");
    Mqtt3BlockingClient pub = hive3("hpub3");
    assertThat(sub.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    assertThat(pub.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter(root + "/#").qos(MqttQos.EXACTLY_ONCE).send();
      for (MqttQos q : MqttQos.values()) {
        pub.publishWith().topic(root + "/w").qos(q).payload(("t" + q.getCode()).getBytes(UTF_8)).send();
        Optional<Mqtt3Publish> m = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(m).isPresent();
        assertThat(new String(m.get().getPayloadAsBytes(), UTF_8)).isEqualTo("t" + q.getCode());
        assertThat(m.get().getQos()).isEqualTo(q);
      }
    }
    pub.disconnect();
    sub.disconnect();
  }

  @Test
  void messagesCrossVersions() throws Exception {
    // A 3.1 publisher, a 3.1.1 publisher and a 5 publisher all reach a 5 subscriber and a 3.1.1 subscriber.
    String root = Ids.topicRoot();
    Mqtt5BlockingClient sub5 = hive5("x5");
    Mqtt3BlockingClient sub3 = hive3("x3");
    sub5.connect();
    sub3.connect();
    try (var p5 = sub5.publishes(MqttGlobalPublishFilter.ALL); var p3 = sub3.publishes(MqttGlobalPublishFilter.ALL)) {
      sub5.subscribeWith().topicFilter(root + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
      sub3.subscribeWith().topicFilter(root + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
      for (MqttVersion v : MqttVersion.values()) {
        try (RawClient c = RawClient.open(broker)) {
          c.connectOk(v, Ids.client("from" + v.label()), true, 30);
          c.publish(root + "/" + v.label(), 1, 1, "from " + v.label());
          c.expect(io.berth.codec.packet.PubAck.class);
        }
        assertThat(p5.receive(5, TimeUnit.SECONDS)).get()
            .satisfies(m -> assertThat(new String(m.getPayloadAsBytes(), UTF_8)).isEqualTo("from " + v.label()));
        assertThat(p3.receive(5, TimeUnit.SECONDS)).get()
            .satisfies(m -> assertThat(new String(m.getPayloadAsBytes(), UTF_8)).isEqualTo("from " + v.label()));
      }
    }
    sub5.disconnect();
    sub3.disconnect();
  }

  static Mqtt5BlockingClient hive5(String role) {
    return Mqtt5Client.builder().identifier(Ids.client(role)).serverHost("127.0.0.1").serverPort(broker.port())
        .buildBlocking();
  }

  static Mqtt3BlockingClient hive3(String role) {
    return Mqtt3Client.builder().identifier(Ids.client(role)).serverHost("127.0.0.1").serverPort(broker.port())
        .buildBlocking();
  }
}
