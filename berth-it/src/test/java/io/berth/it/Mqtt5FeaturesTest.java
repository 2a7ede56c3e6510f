package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.UserProperty;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 only features: expiry, topic aliases, properties passed through. Limits: see Mqtt5LimitsTest. */
class Mqtt5FeaturesTest {
  @RegisterExtension static final BrokerExtension broker = BrokerExtension.with(s -> s.maxPacketSize = 4096);

  static Publish publish(String topic, int qos, int packetId, MqttProperties props, String payload) {
    return new Publish(topic, qos, false, false, packetId, props, Packets.utf8(payload));
  }

  static MqttProperties props(Object... kv) {
    MqttProperties.Builder b = MqttProperties.builder();
    for (int i = 0; i < kv.length; i += 2) {
      b.set((Property) kv[i], kv[i + 1]);
    }
    return b.build();
  }

  static RawClient client(Broker broker, MqttProperties connectProps) {
    RawClient c = RawClient.open(broker);
    Connack ack = c.connect(Packets.connectPacket(MqttVersion.V5, Ids.client("f"), true, 60, null, connectProps));
    assertThat(ack.reasonCode()).isZero();
    return c;
  }

  @Test
  void messageExpiry() throws InterruptedException {
    String topic = Ids.topicRoot() + "/e";
    String id = Ids.client("exp");
    MqttProperties session = props(Property.SESSION_EXPIRY_INTERVAL, 60L);
    try (RawClient sub = RawClient.open(broker)) {
      sub.connect(Packets.connectPacket(MqttVersion.V5, id, true, 60, null, session));
      sub.subscribe(1, topic, 1);
      sub.disconnect();
    }
    try (RawClient pub = client(broker, MqttProperties.NONE)) {
      pub.publishAndComplete(publish(topic, 1, 1, props(Property.MESSAGE_EXPIRY_INTERVAL, 1L), "short"));
      pub.publishAndComplete(publish(topic, 1, 2, props(Property.MESSAGE_EXPIRY_INTERVAL, 60L), "long"));
      pub.publishAndComplete(publish(topic, 1, 3, MqttProperties.NONE, "forever"));
    }
    Thread.sleep(1300); // let "short" expire while the subscriber is away
    try (RawClient sub = RawClient.open(broker)) {
      Connack ack = sub.connect(Packets.connectPacket(MqttVersion.V5, id, false, 60, null, session));
      assertThat(ack.sessionPresent()).isTrue();
      Publish first = sub.receive();
      Publish second = sub.receive();
      sub.expectSilence(Duration.ofMillis(300)); // "short" expired: not delivered [MQTT-3.3.2-5]
      assertThat(Packets.text(first)).isEqualTo("long");
      long left = first.properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, -1);
      assertThat(left).as("time left, not the original interval [MQTT-3.3.2-6]").isBetween(1L, 59L);
      assertThat(Packets.text(second)).isEqualTo("forever");
      assertThat(second.properties().has(Property.MESSAGE_EXPIRY_INTERVAL)).isFalse();
      sub.send(new Disconnect(0, props(Property.SESSION_EXPIRY_INTERVAL, 0L)));
      sub.expectClosed(RawClient.WAIT);
    }
  }

  @Test
  void inboundTopicAlias() {
    String topic = Ids.topicRoot() + "/alias/in";
    try (RawClient sub = client(broker, MqttProperties.NONE); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.subscribe(1, topic, 0);
      pub.send(publish(topic, 0, 0, props(Property.TOPIC_ALIAS, 3), "set"));
      pub.send(publish("", 0, 0, props(Property.TOPIC_ALIAS, 3), "used"));
      pub.publishAndComplete(publish("", 1, 9, props(Property.TOPIC_ALIAS, 3), "used qos1"));
      for (String expected : List.of("set", "used", "used qos1")) {
        Publish p = sub.expect(Publish.class);
        assertThat(p.topic()).isEqualTo(topic);
        assertThat(p.properties().has(Property.TOPIC_ALIAS)).as("aliases are per connection").isFalse();
        assertThat(Packets.text(p)).isEqualTo(expected);
      }
    }
  }

  @Test
  void unknownInboundTopicAliasIsAProtocolError() {
    try (RawClient c = client(broker, MqttProperties.NONE)) {
      c.send(publish("", 0, 0, props(Property.TOPIC_ALIAS, 7), "x"));
      assertThat(c.expectClosed(RawClient.WAIT)).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x82));
    }
  }

  /**
   * Server-to-client aliases with a real client. (Not Paho 1.2.5: it hands an alias-only PUBLISH to the application
   * with an empty topic, eclipse-paho/paho.mqtt.java#866.)
   */
  @Test
  void hiveMqClientUsesTopicAliases() throws Exception {
    String topic = Ids.topicRoot() + "/alias/hive/a/rather/long/topic/name";
    Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier(Ids.client("hpub")).serverHost("127.0.0.1")
        .serverPort(broker.port()).buildBlocking();
    Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier(Ids.client("hsub")).serverHost("127.0.0.1")
        .serverPort(broker.port()).buildBlocking();
    Mqtt5ConnAck ack = pub.connect();
    assertThat(ack.getRestrictions().getTopicAliasMaximum()).isEqualTo(65535);
    sub.connectWith().restrictions().topicAliasMaximum(5).applyRestrictions().send();
    try (var received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
      for (int i = 0; i < 5; i++) {
        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(("n" + i).getBytes()).send();
      }
      for (int i = 0; i < 5; i++) {
        var m = received.receive(5, TimeUnit.SECONDS);
        assertThat(m).isPresent();
        assertThat(m.get().getTopic().toString()).isEqualTo(topic);
        assertThat(new String(m.get().getPayloadAsBytes())).isEqualTo("n" + i);
      }
    }
    pub.disconnect();
    sub.disconnect();
  }

  @Test
  void outboundTopicAliasesUpToTheClientsMaximum() {
    String r = Ids.topicRoot();
    try (RawClient sub = client(broker, props(Property.TOPIC_ALIAS_MAXIMUM, 2)); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.subscribe(1, r + "/#", 0);
      for (String t : List.of("a", "a", "b", "c", "a", "b", "c")) {
        pub.send(publish(r + "/" + t, 0, 0, MqttProperties.NONE, t));
      }
      List<String> seen = sub.readExactly(7, Duration.ofMillis(100)).stream().map(p -> {
        Publish pub5 = (Publish) p;
        return pub5.topic() + "|" + pub5.properties().intValue(Property.TOPIC_ALIAS, 0) + "|" + Packets.text(pub5);
      }).toList();
      assertThat(seen).containsExactly(
          r + "/a|1|a", // new alias: topic and alias
          "|1|a", // alias only
          r + "/b|2|b",
          r + "/c|0|c", // the client allows 2: no alias [MQTT-3.3.2-12]
          "|1|a",
          "|2|b",
          r + "/c|0|c");
    }
    try (RawClient none = client(broker, MqttProperties.NONE); RawClient pub = client(broker, MqttProperties.NONE)) {
      none.subscribe(1, r + "/#", 0); // Topic Alias Maximum absent = 0: never an alias [MQTT-3.2.2-18]
      pub.send(publish(r + "/a", 0, 0, MqttProperties.NONE, "x"));
      pub.send(publish(r + "/a", 0, 0, MqttProperties.NONE, "y"));
      assertThat(none.readExactly(2, Duration.ofMillis(100))).allSatisfy(p -> {
        assertThat(((Publish) p).topic()).isEqualTo(r + "/a");
        assertThat(((Publish) p).properties().has(Property.TOPIC_ALIAS)).isFalse();
      });
    }
  }

  @Test
  void propertiesArePassedThrough() {
    String topic = Ids.topicRoot() + "/props";
    byte[] correlation = {1, 2, 3, (byte) 0xFF};
    MqttProperties sent = MqttProperties.builder()
        .set(Property.PAYLOAD_FORMAT_INDICATOR, 1)
        .set(Property.CONTENT_TYPE, "application/json")
        .set(Property.RESPONSE_TOPIC, topic + "/reply")
        .set(Property.CORRELATION_DATA, correlation)
        .addUserProperty("a", "1").addUserProperty("b", "2").addUserProperty("a", "3")
        .build();
    try (RawClient sub = client(broker, MqttProperties.NONE); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.subscribe(1, topic, 1);
      pub.publishAndComplete(new Publish(topic, 1, false, false, 1, sent, Packets.utf8("{}")));
      MqttProperties got = sub.receive().properties();
      assertThat(got.intValue(Property.PAYLOAD_FORMAT_INDICATOR, 0)).isEqualTo(1); // [MQTT-3.3.2-4]
      assertThat(got.string(Property.CONTENT_TYPE)).isEqualTo("application/json"); // [MQTT-3.3.2-20]
      assertThat(got.string(Property.RESPONSE_TOPIC)).isEqualTo(topic + "/reply"); // [MQTT-3.3.2-15]
      assertThat(got.binary(Property.CORRELATION_DATA)).isEqualTo(correlation); // [MQTT-3.3.2-16]
      assertThat(got.userProperties()).containsExactly( // order kept [MQTT-3.3.2-18]
          new UserProperty("a", "1"), new UserProperty("b", "2"), new UserProperty("a", "3"));
    }
  }

  @Test
  void requestResponseWithPaho() throws Exception {
    String root = Ids.topicRoot();
    try (Paho5 responder = new Paho5(broker, Ids.client("responder")).connect();
        Paho5 requester = new Paho5(broker, Ids.client("requester")).connect()) {
      responder.subscribe(root + "/req", 1);
      requester.subscribe(root + "/resp", 1);
      MqttMessage req = new MqttMessage("question".getBytes(StandardCharsets.UTF_8));
      req.setQos(1);
      var p = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
      p.setResponseTopic(root + "/resp");
      p.setCorrelationData("id-42".getBytes(StandardCharsets.UTF_8));
      p.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("trace", "t1")));
      req.setProperties(p);
      requester.publish(root + "/req", req);
      Paho5.Received in = responder.messages.poll(5, TimeUnit.SECONDS);
      assertThat(in).isNotNull();
      var inProps = in.message().getProperties();
      assertThat(inProps.getUserProperties()).extracting(u -> u.getKey() + "=" + u.getValue())
          .containsExactly("trace=t1");
      MqttMessage answer = new MqttMessage("answer".getBytes(StandardCharsets.UTF_8));
      var ap = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
      ap.setCorrelationData(inProps.getCorrelationData());
      answer.setProperties(ap);
      responder.publish(inProps.getResponseTopic(), answer);
      Paho5.Received out = requester.messages.poll(5, TimeUnit.SECONDS);
      assertThat(out).isNotNull();
      assertThat(out.text()).isEqualTo("answer");
      assertThat(new String(out.message().getProperties().getCorrelationData(), StandardCharsets.UTF_8))
          .isEqualTo("id-42");
    }
  }

  @Test
  void payloadIsNotCopiedWrong() {
    // a payload above the encoder's zero-copy threshold goes out as a composite buffer: bytes must be intact
    String topic = Ids.topicRoot() + "/big";
    byte[] big = new byte[3000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    try (RawClient sub = client(broker, MqttProperties.NONE); RawClient pub = client(broker, MqttProperties.NONE)) {
      sub.subscribe(1, topic, 0);
      pub.send(new Publish(topic, 0, false, false, 0, MqttProperties.NONE, Unpooled.wrappedBuffer(big)));
      Publish p = sub.expect(Publish.class);
      byte[] got = new byte[p.payload().readableBytes()];
      p.payload().getBytes(0, got);
      assertThat(got).isEqualTo(big);
    }
  }

  @Test
  void retainedMessagesExpireToo() throws InterruptedException {
    String topic = Ids.topicRoot() + "/rexp";
    try (RawClient pub = client(broker, MqttProperties.NONE)) {
      pub.publishAndComplete(new Publish(topic + "/short", 1, true, false, 1,
          props(Property.MESSAGE_EXPIRY_INTERVAL, 1L), Packets.utf8("short")));
      pub.publishAndComplete(new Publish(topic + "/long", 1, true, false, 2,
          props(Property.MESSAGE_EXPIRY_INTERVAL, 100L), Packets.utf8("long")));
      Thread.sleep(1300);
      try (RawClient sub = client(broker, MqttProperties.NONE)) {
        sub.subscribe(1, MqttProperties.builder().addSubscriptionIdentifier(5).build(),
            Subscription.of(topic + "/+", 1));
        Publish p = sub.receive();
        sub.expectSilence(Duration.ofMillis(300)); // the expired one is gone [MQTT-3.3.2-5]
        assertThat(Packets.text(p)).isEqualTo("long");
        assertThat(p.retain()).isTrue();
        assertThat(p.properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, -1)).isBetween(1L, 99L);
        assertThat(p.properties().subscriptionIdentifiers()).containsExactly(5); // on retained ones too
      }
      pub.send(new Publish(topic + "/long", 0, true, false, 0, MqttProperties.NONE, Packets.utf8("")));
    }
  }
}
