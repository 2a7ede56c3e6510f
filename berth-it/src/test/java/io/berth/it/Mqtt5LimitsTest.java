package io.berth.it;

import static io.berth.it.Mqtt5FeaturesTest.client;
import static io.berth.it.Mqtt5FeaturesTest.props;
import static io.berth.it.Mqtt5FeaturesTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 limits: packet sizes, Receive Maximum and the inflight window, CONNACK capabilities and their enforcement. */
class Mqtt5LimitsTest {
  @RegisterExtension static final BrokerExtension broker = BrokerExtension.with(s -> s.maxPacketSize = 4096);

  @Test
  void clientsMaximumPacketSizeIsRespected() {
    String topic = Ids.topicRoot() + "/mps";
    try (RawClient sub = client(broker, props(Property.MAXIMUM_PACKET_SIZE, 200L)); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.subscribe(1, topic, 1);
      pub.publishAndComplete(publish(topic, 1, 1, MqttProperties.NONE, "small"));
      pub.publishAndComplete(publish(topic, 1, 2, MqttProperties.NONE, "x".repeat(300)));
      pub.publishAndComplete(publish(topic, 1, 3, MqttProperties.NONE, "small again"));
      assertThat(Packets.text(sub.receive())).isEqualTo("small");
      // the big one is dropped for this client [MQTT-3.1.2-25], the connection stays
      assertThat(Packets.text(sub.receive())).isEqualTo("small again");
      sub.expectSilence(Duration.ofMillis(200));
    }
  }

  @Test
  void packetOverTheBrokersMaximumGetsPacketTooLarge() {
    try (RawClient c = client(broker, MqttProperties.NONE)) {
      c.send(publish(Ids.topicRoot() + "/big", 0, 0, MqttProperties.NONE, "x".repeat(5000)));
      List<MqttPacket> last = c.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x95));
    }
    try (RawClient c = RawClient.open(broker)) { // 3.1.1: closed, no packet
      c.connectOk(MqttVersion.V3_1_1, Ids.client("big3"), true, 60);
      c.send(publish(Ids.topicRoot() + "/big", 0, 0, MqttProperties.NONE, "x".repeat(5000)));
      assertThat(c.expectClosed(RawClient.WAIT)).isEmpty();
    }
  }

  @Test
  void connackAdvertisesTheDefaults() {
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connectOk(MqttVersion.V5, Ids.client("caps"), true, 60);
      MqttProperties p = ack.properties();
      assertThat(p.has(Property.MAXIMUM_QOS)).as("absent = QoS 2").isFalse();
      assertThat(p.intValue(Property.RETAIN_AVAILABLE, 1)).isEqualTo(1);
      assertThat(p.intValue(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, 1)).isEqualTo(1);
      assertThat(p.intValue(Property.SHARED_SUBSCRIPTION_AVAILABLE, 1)).isEqualTo(1);
      assertThat(p.intValue(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1)).isEqualTo(1);
      assertThat(p.longValue(Property.MAXIMUM_PACKET_SIZE, 0)).isEqualTo(4096);
      assertThat(p.intValue(Property.RECEIVE_MAXIMUM, 65535)).isEqualTo(32);
      assertThat(p.intValue(Property.TOPIC_ALIAS_MAXIMUM, 0)).isEqualTo(65535);
    }
  }

  @Test
  void restrictedBrokerAdvertisesAndEnforcesItsLimits() throws Exception {
    Settings s = Settings.defaults();
    s.maxQos = 1;
    s.retainAvailable = false;
    s.wildcardSubscription = false;
    s.sharedSubscription = false;
    try (RunningBroker limited = RunningBroker.start(s.build())) {
      try (RawClient c = RawClient.open(limited)) {
        MqttProperties p = c.connectOk(MqttVersion.V5, Ids.client("lim"), true, 60).properties();
        assertThat(p.intValue(Property.MAXIMUM_QOS, -1)).isEqualTo(1); // [MQTT-3.2.2-9]
        assertThat(p.intValue(Property.RETAIN_AVAILABLE, -1)).isZero();
        assertThat(p.intValue(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, -1)).isZero();
        assertThat(p.intValue(Property.SHARED_SUBSCRIPTION_AVAILABLE, -1)).isZero();
        assertThat(c.subscribe(1, MqttProperties.NONE, Subscription.of("lim/q2", 2), Subscription.of("lim/+", 0),
            Subscription.of("$share/g/lim", 0)).reasonCodes()).containsExactly(1, 0xA2, 0x9E);
        c.send(publish("lim/q2", 2, 1, MqttProperties.NONE, "q2"));
        assertThat(c.expectClosed(RawClient.WAIT)).singleElement().isInstanceOfSatisfying(Disconnect.class,
            d -> assertThat(d.reasonCode()).isEqualTo(0x9B)); // [MQTT-3.2.2-11]
      }
      try (RawClient c = RawClient.open(limited)) {
        c.connectOk(MqttVersion.V5, Ids.client("lim"), true, 60);
        c.send(new Publish("lim/r", 0, true, false, 0, MqttProperties.NONE, Packets.utf8("r")));
        assertThat(c.expectClosed(RawClient.WAIT)).singleElement().isInstanceOfSatisfying(Disconnect.class,
            d -> assertThat(d.reasonCode()).isEqualTo(0x9A)); // [MQTT-3.2.2-14]
      }
      try (RawClient c = RawClient.open(limited)) { // a 3.1.1 client learns it from the SUBACK
        c.connectOk(MqttVersion.V3_1_1, Ids.client("lim3"), true, 60);
        assertThat(c.subscribe(1, "lim/q2", 2).reasonCodes()).containsExactly(1);
        c.disconnect();
      }
      Mqtt5BlockingClient hive = Mqtt5Client.builder().identifier(Ids.client("limh")).serverHost("127.0.0.1")
          .serverPort(limited.port()).buildBlocking();
      var r = hive.connect().getRestrictions();
      assertThat(r.getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
      assertThat(r.isRetainAvailable()).isFalse();
      assertThat(r.isWildcardSubscriptionAvailable()).isFalse();
      assertThat(r.isSharedSubscriptionAvailable()).isFalse();
      hive.disconnect();
    }
  }

  @Test
  void receiveMaximumBoundsTheUnackedMessagesInFlight() {
    String topic = Ids.topicRoot() + "/rm";
    try (RawClient sub = client(broker, props(Property.RECEIVE_MAXIMUM, 2)); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.subscribe(1, topic, 1);
      for (int i = 0; i < 5; i++) {
        pub.publishAndComplete(publish(topic, 1, i + 1, MqttProperties.NONE, "m" + i));
      }
      List<MqttPacket> first = sub.readExactly(2, Duration.ofMillis(300)); // [MQTT-3.3.4-9]
      sub.send(new PubAck(((Publish) first.get(0)).packetId()));
      List<MqttPacket> next = sub.readExactly(1, Duration.ofMillis(300));
      sub.send(new PubAck(((Publish) first.get(1)).packetId()));
      sub.send(new PubAck(((Publish) next.get(0)).packetId()));
      List<MqttPacket> rest = sub.readExactly(2, Duration.ofMillis(100));
      assertThat(Arrays.asList(first.get(0), first.get(1), next.get(0), rest.get(0), rest.get(1)))
          .map(p -> Packets.text((Publish) p)).containsExactly("m0", "m1", "m2", "m3", "m4");
    }
  }

  @Test
  void theBrokersInflightLimitAppliesWithoutReceiveMaximum() {
    String topic = Ids.topicRoot() + "/inflight";
    try (RawClient sub = RawClient.open(broker); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.connectOk(MqttVersion.V3_1_1, Ids.client("inf"), true, 60);
      sub.subscribe(1, topic, 1);
      for (int i = 0; i < 40; i++) {
        pub.send(publish(topic, 1, i + 1, MqttProperties.NONE, "m" + i));
      }
      pub.readExactly(40, Duration.ofMillis(1)); // the PUBACKs
      sub.readExactly(32, Duration.ofMillis(300)); // max_inflight default
    }
  }

  @Test
  void brokerWithoutTopicAliasesOrQos2RefusesThem() {
    Settings s = Settings.defaults();
    s.maxTopicAlias = 0;
    s.maxQos = 1;
    try (RunningBroker limited = RunningBroker.start(s.build())) {
      try (RawClient c = RawClient.open(limited)) {
        Connack ack = c.connectOk(MqttVersion.V5, Ids.client("noalias"), true, 60);
        assertThat(ack.properties().intValue(Property.TOPIC_ALIAS_MAXIMUM, 0)).isZero();
        c.send(publish("a", 0, 0, props(Property.TOPIC_ALIAS, 1), "x"));
        assertThat(c.expectClosed(RawClient.WAIT)).singleElement().isInstanceOfSatisfying(Disconnect.class,
            d -> assertThat(d.reasonCode()).isEqualTo(0x94)); // [MQTT-3.3.2-9]
      }
      try (RawClient c = RawClient.open(limited)) {
        Connack ack = c.connect(Packets.connectPacket(MqttVersion.V5, Ids.client("will2"), true, 60,
            new io.berth.codec.packet.Will("w", new byte[0], 2, false, MqttProperties.NONE), MqttProperties.NONE));
        assertThat(ack.reasonCode()).isEqualTo(0x9B); // [MQTT-3.2.2-12]
        c.expectClosed(RawClient.WAIT);
      }
    }
  }
}
