package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retained messages (MQTT 3.3.1.3) and the MQTT 5 subscription options about them. */
class RetainedTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();
  String topic;

  @AfterEach
  void clearRetained() {
    if (topic != null) {
      try (RawClient c = RawClient.open(broker)) {
        c.connectOk(MqttVersion.V5, Ids.client("clear"), true, 60);
        c.send(retained(topic, "", 0));
      }
    }
  }

  static Publish retained(String topic, String payload, int qos) {
    return new Publish(topic, qos, true, false, qos == 0 ? 0 : 77, MqttProperties.NONE, Packets.utf8(payload));
  }

  void publishRetained(String payload, int qos) {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("rp"), true, 60);
      c.publishAndComplete(retained(topic, payload, qos));
    }
  }

  @Test
  void setReplaceAndClear() {
    topic = Ids.topicRoot() + "/r";
    publishRetained("one", 1);
    publishRetained("two", 1); // replaces [MQTT-3.3.1-5]
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("rs"), true, 60);
      c.subscribe(1, topic, 1);
      Publish p = c.receive();
      assertThat(Packets.text(p)).isEqualTo("two");
      assertThat(p.retain()).as("RETAIN on a message sent for a new subscription [MQTT-3.3.1-8]").isTrue();
      assertThat(p.qos()).isEqualTo(1);
      c.expectSilence(Duration.ofMillis(200)); // only the latest one
    }
    // empty payload clears [MQTT-3.3.1-10]; QoS 1 so the PUBACK says it was processed before the next subscriber
    // (a QoS 0 publish on another event loop could still be in flight when the SUBSCRIBE is handled)
    publishRetained("", 1);
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("rs2"), true, 60);
      c.subscribe(1, topic, 1);
      c.expectSilence(Duration.ofMillis(300));
    }
  }

  @Test
  void retainedToWildcardSubscriberAtTheLowerQos() {
    String root = Ids.topicRoot();
    topic = root + "/a/b";
    publishRetained("deep", 2);
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("rw"), true, 60);
      c.subscribe(1, root + "/+/b", 1);
      Publish p = c.receive();
      assertThat(p.topic()).isEqualTo(topic);
      assertThat(p.qos()).isEqualTo(1);
      assertThat(p.retain()).isTrue();
    }
  }

  @Test
  void liveSubscribersGetRetainFlagClearedUnlessRetainAsPublished() {
    topic = Ids.topicRoot() + "/live";
    try (RawClient plain = RawClient.open(broker); RawClient rap = RawClient.open(broker);
        RawClient v3 = RawClient.open(broker)) {
      plain.connectOk(MqttVersion.V5, Ids.client("plain"), true, 60);
      rap.connectOk(MqttVersion.V5, Ids.client("rap"), true, 60);
      v3.connectOk(MqttVersion.V3_1_1, Ids.client("v3"), true, 60);
      plain.subscribe(1, MqttProperties.NONE, new Subscription(topic, 1, false, false, 0));
      rap.subscribe(1, MqttProperties.NONE, new Subscription(topic, 1, false, true, 0));
      v3.subscribe(1, topic, 1);
      publishRetained("now", 1);
      assertThat(plain.receive().retain()).as("[MQTT-3.3.1-12]").isFalse();
      assertThat(rap.receive().retain()).as("[MQTT-3.3.1-13]").isTrue();
      assertThat(v3.receive().retain()).as("3.1.1 [MQTT-3.3.1-9]").isFalse();
      // an empty retained message is still forwarded to current subscribers
      publishRetained("", 0);
      assertThat(plain.expect(Publish.class).payload().readableBytes()).isZero();
    }
  }

  @Test
  void retainHandling() {
    topic = Ids.topicRoot() + "/rh";
    publishRetained("kept", 1);
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("rh"), true, 60);
      // 0: at every subscribe, even a repeated one [MQTT-3.3.1-9]
      c.subscribe(1, MqttProperties.NONE, new Subscription(topic, 1, false, false, 0));
      assertThat(Packets.text(c.receive())).isEqualTo("kept");
      c.subscribe(2, MqttProperties.NONE, new Subscription(topic, 1, false, false, 0));
      assertThat(Packets.text(c.receive())).isEqualTo("kept");
      // 1: only when the subscription did not exist [MQTT-3.3.1-10]
      c.subscribe(3, MqttProperties.NONE, new Subscription(topic, 1, false, false, 1));
      c.expectSilence(Duration.ofMillis(300));
    }
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("rh1"), true, 60);
      c.subscribe(1, MqttProperties.NONE, new Subscription(topic, 1, false, false, 1));
      assertThat(Packets.text(c.receive())).isEqualTo("kept");
    }
    try (RawClient c = RawClient.open(broker)) {
      // 2: never [MQTT-3.3.1-11]
      c.connectOk(MqttVersion.V5, Ids.client("rh2"), true, 60);
      c.subscribe(1, MqttProperties.NONE, new Subscription(topic, 1, false, false, 2));
      c.expectSilence(Duration.ofMillis(300));
      // but live messages still flow
      publishRetained("new", 0);
      assertThat(Packets.text(c.expect(Publish.class))).isEqualTo("new");
    }
  }

  @Test
  void notDeliveredForSharedSubscriptions() {
    String root = Ids.topicRoot();
    topic = root + "/s";
    publishRetained("kept", 1);
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("sh"), true, 60);
      assertThat(c.subscribe(1, "$share/g/" + topic, 1).reasonCodes()).containsExactly(1);
      c.expectSilence(Duration.ofMillis(300)); // MQTT 4.8.2: retained messages are not sent to shared subscriptions
      c.subscribe(2, topic, 1);
      assertThat(Packets.text(c.receive())).isEqualTo("kept"); // the same client gets it for a normal one
    }
  }

  @Test
  void pahoV3SeesRetainedFlag() throws Exception {
    topic = Ids.topicRoot() + "/paho";
    publishRetained("p", 0);
    var client = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(), Ids.client("pr"),
        new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    client.connect();
    var got = new java.util.concurrent.LinkedBlockingQueue<org.eclipse.paho.client.mqttv3.MqttMessage>();
    client.subscribe(topic, 1, (t, m) -> got.add(m));
    var m = got.poll(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(m.isRetained()).isTrue();
    assertThat(new String(m.getPayload())).isEqualTo("p");
    client.disconnect();
    client.close();
  }
}
