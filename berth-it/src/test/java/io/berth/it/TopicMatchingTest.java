package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Filters and wildcards (MQTT 4.7), overlapping subscriptions, identifiers, No Local, UNSUBSCRIBE. */
class TopicMatchingTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  static MqttProperties subId(int id) {
    return MqttProperties.builder().addSubscriptionIdentifier(id).build();
  }

  @Test
  void wildcards() {
    String r = Ids.topicRoot();
    Map<String, RawClient> subs = new TreeMap<>();
    List<String> filters = List.of(r + "/+/c", r + "/#", r + "/b/+", r + "/+", "+/b/c", r + "/b/c");
    try (RawClient pub = RawClient.open(broker)) {
      pub.connectOk(MqttVersion.V3_1_1, Ids.client("wp"), true, 60);
      for (String f : filters) {
        RawClient c = RawClient.open(broker);
        subs.put(f, c);
        c.connectOk(MqttVersion.V3_1_1, Ids.client("w"), true, 60);
        assertThat(c.subscribe(1, f, 0).reasonCodes()).containsExactly(0);
      }
      for (String t : List.of(r + "/b/c", r + "/x/c", r + "/b/d", r, r + "/b/c/d", r + "/b", r + "/b/")) {
        pub.publish(t, 0, 0, t);
      }
      Map<String, List<String>> expected = Map.of(
          r + "/+/c", List.of(r + "/b/c", r + "/x/c"),
          r + "/#", List.of(r + "/b/c", r + "/x/c", r + "/b/d", r, r + "/b/c/d", r + "/b", r + "/b/"),
          r + "/b/+", List.of(r + "/b/c", r + "/b/d", r + "/b/"), // "+" matches the empty level
          r + "/+", List.of(r + "/b"),
          "+/b/c", List.of(r + "/b/c"),
          r + "/b/c", List.of(r + "/b/c"));
      for (String f : filters) {
        List<String> got = subs.get(f).readExactly(expected.get(f).size(), Duration.ofMillis(100)).stream()
            .map(p -> ((Publish) p).topic()).toList();
        assertThat(got).as("filter %s", f).containsExactlyElementsOf(expected.get(f));
      }
    } finally {
      subs.values().forEach(RawClient::close);
    }
  }

  @Test
  void dollarTopicsAreNotMatchedByLeadingWildcards() {
    try (RawClient hash = RawClient.open(broker); RawClient plus = RawClient.open(broker);
        RawClient sys = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      hash.connectOk(MqttVersion.V5, Ids.client("hash"), true, 60);
      plus.connectOk(MqttVersion.V5, Ids.client("plus"), true, 60);
      sys.connectOk(MqttVersion.V5, Ids.client("sys"), true, 60);
      pub.connectOk(MqttVersion.V5, Ids.client("dp"), true, 60);
      hash.subscribe(1, "#", 0);
      plus.subscribe(1, "+/x", 0);
      // $SYS/# itself is for superusers (authorization.sys_topics_superuser_only): another $ topic
      assertThat(sys.subscribe(1, "$dollar/#", 0).reasonCodes()).containsExactly(0);
      pub.publish("$dollar/x", 0, 0, "dollar");
      assertThat(sys.expect(Publish.class).topic()).isEqualTo("$dollar/x");
      hash.expectSilence(Duration.ofMillis(200)); // [MQTT-4.7.2-1]
      plus.expectSilence(Duration.ofMillis(1));
      pub.publish("nodollar/x", 0, 0, "plain");
      assertThat(hash.expect(Publish.class).topic()).isEqualTo("nodollar/x");
      assertThat(plus.expect(Publish.class).topic()).isEqualTo("nodollar/x");
    }
  }

  @Test
  void overlappingSubscriptionsDeliverOnceAtTheHighestQosWithEveryIdentifier() {
    String r = Ids.topicRoot();
    try (RawClient c = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("ov"), true, 60);
      pub.connectOk(MqttVersion.V5, Ids.client("ovp"), true, 60);
      c.subscribe(1, subId(11), Subscription.of(r + "/+", 1));
      c.subscribe(2, subId(22), Subscription.of(r + "/#", 2));
      c.subscribe(3, MqttProperties.NONE, Subscription.of(r + "/o", 0));
      pub.publishAndComplete(r + "/o", 2, "x");
      Publish p = c.receive();
      assertThat(p.qos()).isEqualTo(2); // [MQTT-3.3.4-2]
      assertThat(p.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(11, 22); // [MQTT-3.3.4-5]
      c.expectSilence(Duration.ofMillis(300)); // one copy [MQTT-3.3.4-2]
    }
  }

  @Test
  void overlappingSubscriptionsIn311DeliverOnce() {
    String r = Ids.topicRoot();
    try (RawClient c = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("ov3"), true, 60);
      pub.connectOk(MqttVersion.V3_1_1, Ids.client("ovp3"), true, 60);
      c.subscribe(1, r + "/#", 0);
      c.subscribe(2, r + "/+", 1);
      pub.publishAndComplete(r + "/o", 1, "x");
      Publish p = c.receive();
      assertThat(p.qos()).isEqualTo(1);
      c.expectSilence(Duration.ofMillis(300));
    }
  }

  @Test
  void subscriptionIdentifierIsSentBack() {
    String r = Ids.topicRoot();
    try (RawClient c = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("sid"), true, 60);
      pub.connectOk(MqttVersion.V5, Ids.client("sidp"), true, 60);
      c.subscribe(1, subId(268_435_455), Subscription.of(r + "/with", 0)); // largest allowed
      c.subscribe(2, r + "/without", 0);
      pub.publish(r + "/with", 0, 0, "a");
      assertThat(c.expect(Publish.class).properties().subscriptionIdentifiers()).containsExactly(268_435_455);
      pub.publish(r + "/without", 0, 0, "b");
      assertThat(c.expect(Publish.class).properties().subscriptionIdentifiers()).isEmpty();
    }
  }

  @Test
  void noLocal() {
    String r = Ids.topicRoot();
    try (RawClient self = RawClient.open(broker); RawClient echo = RawClient.open(broker);
        RawClient other = RawClient.open(broker)) {
      self.connectOk(MqttVersion.V5, Ids.client("nl"), true, 60);
      echo.connectOk(MqttVersion.V5, Ids.client("echo"), true, 60);
      other.connectOk(MqttVersion.V5, Ids.client("other"), true, 60);
      self.subscribe(1, MqttProperties.NONE, new Subscription(r + "/n", 0, true, false, 0));
      echo.subscribe(1, MqttProperties.NONE, new Subscription(r + "/n", 0, false, false, 0));
      other.subscribe(1, r + "/n", 0);
      self.publish(r + "/n", 0, 0, "from self");
      echo.publish(r + "/n", 0, 0, "from echo");
      other.readExactly(2, Duration.ofMillis(100));
      assertThat(self.readExactly(1, Duration.ofMillis(200))).map(p -> Packets.text((Publish) p))
          .containsExactly("from echo"); // not its own [MQTT-3.8.3-3]
      assertThat(echo.readExactly(2, Duration.ofMillis(1))).map(p -> Packets.text((Publish) p))
          .containsExactlyInAnyOrder("from self", "from echo"); // without No Local a client gets its own
    }
  }

  @Test
  void unsubscribeReasonCodesAndEffect() {
    String r = Ids.topicRoot();
    try (RawClient c = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("un"), true, 60);
      pub.connectOk(MqttVersion.V5, Ids.client("unp"), true, 60);
      c.subscribe(1, r + "/u", 0);
      c.send(new Unsubscribe(2, List.of(r + "/u", r + "/never"), MqttProperties.NONE));
      Unsuback ack = c.expect(Unsuback.class);
      assertThat(ack.packetId()).isEqualTo(2);
      assertThat(ack.reasonCodes()).containsExactly(0x00, 0x11);
      pub.publish(r + "/u", 0, 0, "gone");
      c.expectSilence(Duration.ofMillis(300)); // [MQTT-3.10.4-2]
    }
  }

  @Test
  void unsuback311HasNoPayload() {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("un3"), true, 60);
      c.send(new Unsubscribe(9, List.of("never/subscribed"), MqttProperties.NONE));
      // 3.1.1 UNSUBACK is exactly B0 02 00 09 [MQTT-3.11.2-1]; the decoder gives no codes for it
      Unsuback ack = c.expect(Unsuback.class);
      assertThat(ack.packetId()).isEqualTo(9);
      assertThat(ack.reasonCodes()).isEmpty();
    }
  }

  @Test
  void invalidFiltersAreRefusedInSuback() {
    try (RawClient v5 = RawClient.open(broker); RawClient v3 = RawClient.open(broker)) {
      v5.connectOk(MqttVersion.V5, Ids.client("bad5"), true, 60);
      v3.connectOk(MqttVersion.V3_1_1, Ids.client("bad3"), true, 60);
      Subscription[] subs = {Subscription.of("a/#/b", 0), Subscription.of("a+/b", 1), Subscription.of("ok/+", 1)};
      assertThat(v5.subscribe(1, MqttProperties.NONE, subs).reasonCodes()).containsExactly(0x8F, 0x8F, 1);
      assertThat(v3.subscribe(1, MqttProperties.NONE, subs).reasonCodes()).containsExactly(0x80, 0x80, 1);
    }
  }

  static List<String> topics(List<MqttPacket> packets) {
    return packets.stream().map(p -> ((Publish) p).topic()).toList();
  }

  @Test
  void subscribingAgainToTheSameFilterReplacesTheSubscription() {
    String r = Ids.topicRoot();
    try (RawClient c = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("re"), true, 60);
      pub.connectOk(MqttVersion.V5, Ids.client("rep"), true, 60);
      c.subscribe(1, r + "/s", 0);
      assertThat(c.subscribe(2, r + "/s", 2).reasonCodes()).containsExactly(2); // [MQTT-3.8.4-3]
      pub.publishAndComplete(r + "/s", 2, "x");
      assertThat(c.receive().qos()).isEqualTo(2);
      c.expectSilence(Duration.ofMillis(300)); // one subscription, one copy
    }
  }
}
