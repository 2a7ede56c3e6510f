package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Publish;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.Settings;
import io.berth.core.harness.TestClient;
import org.junit.jupiter.api.Test;

/** MQTT 5 Topic Aliases, both ways (3.3.2.3.4). */
class TopicAliasTest extends BrokerTestBase {

  private static MqttProperties alias(int a) {
    return props(Property.TOPIC_ALIAS, a);
  }

  private TestClient client(String id, MqttProperties connectProps) {
    TestClient c = broker.client();
    assertThat(c.connect(V5, id, true, connectProps).reasonCode()).isZero();
    return c;
  }

  @Test
  void inboundAliasIsSetThenUsedAlone() { // [MQTT-3.3.2-12]: the server accepts aliases up to its maximum
    TestClient sub = client("sub", MqttProperties.NONE);
    sub.subscribe("long/topic/name", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("long/topic/name", 0, false, "set", alias(3));
    pub.publish("", 0, false, "used", alias(3));
    pub.publish("long/topic/name", 0, false, "plain");
    Publish set = sub.expectPublish("long/topic/name", "set");
    assertThat(set.properties().has(Property.TOPIC_ALIAS)).as("aliases are per connection").isFalse();
    sub.expectPublish("long/topic/name", "used");
    sub.expectPublish("long/topic/name", "plain");
  }

  @Test
  void inboundAliasCanBeRemapped() { // 3.3.2.3.4: a new topic with a known alias replaces the mapping
    TestClient sub = client("sub", MqttProperties.NONE);
    sub.subscribe("#", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("a", 0, false, "1", alias(1));
    pub.publish("b", 0, false, "2", alias(1));
    pub.publish("", 0, false, "3", alias(1));
    sub.expectPublish("a", "1");
    sub.expectPublish("b", "2");
    sub.expectPublish("b", "3");
  }

  @Test
  void inboundAliasAboveTheMaximumIsDisconnectedWith0x94() { // [MQTT-3.3.2-9] [MQTT-3.3.2-10], 3.3.2.3.4
    Settings s = Settings.defaults();
    s.maxTopicAlias = 5;
    reconfigure(s);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("t", 0, false, "ok", alias(5));
    pub.publish("t", 0, false, "too high", alias(6));
    pub.expectDisconnect(ReasonCode.TOPIC_ALIAS_INVALID);
  }

  @Test
  void anyInboundAliasWhenTheServerAllowsNoneIsDisconnectedWith0x94() { // [MQTT-3.3.2-9]
    Settings s = Settings.defaults();
    s.maxTopicAlias = 0;
    reconfigure(s);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("t", 0, false, "x", alias(1));
    pub.expectDisconnect(ReasonCode.TOPIC_ALIAS_INVALID);
  }

  @Test
  void unknownInboundAliasIsAProtocolError() { // 3.3.4: no mapping for the alias → 0x82
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("", 0, false, "who?", alias(2));
    pub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void emptyTopicWithoutAliasIsAProtocolError() { // 3.3.2.1: zero length topic without alias
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("", 1, "nowhere");
    pub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void outboundAliasesUpToTheClientsMaximum() { // [MQTT-3.3.2-11]
    TestClient sub = client("sub", props(Property.TOPIC_ALIAS_MAXIMUM, 2));
    sub.subscribe("#", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("t1", 0, "a");
    pub.publish("t1", 0, "b");
    pub.publish("t2", 0, "c");
    pub.publish("t3", 0, "d");
    pub.publish("t2", 0, "e");
    Publish a = sub.expectPublish("t1", "a");
    assertThat(a.properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(1);
    Publish b = sub.expectPublish("", "b");
    assertThat(b.properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(1);
    assertThat(sub.expectPublish("t2", "c").properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(2);
    assertThat(sub.expectPublish("t3", "d").properties().has(Property.TOPIC_ALIAS)).as("maximum reached").isFalse();
    assertThat(sub.expectPublish("", "e").properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(2);
  }

  @Test
  void outboundAliasesAreCappedByTheServerWhateverTheClientAllows() { // memory per connection stays bounded
    TestClient sub = client("sub", props(Property.TOPIC_ALIAS_MAXIMUM, 65535));
    sub.subscribe("#", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    int cap = TopicAliases.MAX_OUTBOUND_ALIASES;
    for (int i = 1; i <= cap + 1; i++) {
      pub.publish("t" + i, 0, "x");
    }
    for (int i = 1; i <= cap; i++) {
      assertThat(sub.expectPublish("t" + i, "x").properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(i);
    }
    assertThat(sub.expectPublish("t" + (cap + 1), "x").properties().has(Property.TOPIC_ALIAS)).isFalse();
  }

  @Test
  void noOutboundAliasesWithoutAClientMaximum() { // [MQTT-3.3.2-11]: default Topic Alias Maximum is 0
    TestClient sub = client("sub", MqttProperties.NONE);
    sub.subscribe("t", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("t", 0, "a");
    pub.publish("t", 0, "b");
    assertThat(sub.expectPublish("t", "a").properties().has(Property.TOPIC_ALIAS)).isFalse();
    assertThat(sub.expectPublish("t", "b").properties().has(Property.TOPIC_ALIAS)).isFalse();
  }

  @Test
  void outboundAliasesStartOverOnANewConnection() { // [MQTT-3.3.2-7]
    TestClient sub = broker.client();
    sub.connect(V5, "sub", false, props(Property.TOPIC_ALIAS_MAXIMUM, 5, Property.SESSION_EXPIRY_INTERVAL, 60L));
    sub.subscribe("t", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("t", 0, "a");
    sub.expectPublish("t", "a");
    sub.drop();
    TestClient back = broker.client();
    back.connect(V5, "sub", false, props(Property.TOPIC_ALIAS_MAXIMUM, 5, Property.SESSION_EXPIRY_INTERVAL, 60L));
    pub.publish("t", 0, "b");
    assertThat(back.expectPublish("t", "b").properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(1);
  }

  @Test
  void aliasOfADroppedOversizeMessageIsNotUsedAfterwards() { // [MQTT-3.1.2-25] with 3.3.2.3.4
    // The first message on the topic is too large for the client and is dropped: the client never learnt the
    // alias, so the next message on the topic must carry the topic name.
    TestClient sub = client("sub", props(Property.TOPIC_ALIAS_MAXIMUM, 5, Property.MAXIMUM_PACKET_SIZE, 60L));
    sub.subscribe("t", 0);
    TestClient pub = client("pub", MqttProperties.NONE);
    pub.publish("t", 0, "x".repeat(200));
    pub.publish("t", 0, "small");
    Publish p = sub.expect(Publish.class);
    assertThat(p.topic()).as("topic name sent with the alias the client has not seen yet").isEqualTo("t");
    assertThat(TestClient.text(p)).isEqualTo("small");
  }
}
