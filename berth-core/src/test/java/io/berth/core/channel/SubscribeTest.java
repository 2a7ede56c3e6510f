package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.Settings;
import io.berth.core.harness.TestClient;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE, UNSUBSCRIBE and how matching subscriptions turn into deliveries (MQTT 3.8 – 3.11, 3.3.4). */
class SubscribeTest extends BrokerTestBase {

  private TestClient client(String id) {
    TestClient c = broker.client();
    c.connectOk(V5, id, true);
    return c;
  }

  private static MqttProperties subId(int id) {
    return MqttProperties.builder().addSubscriptionIdentifier(id).build();
  }

  @Test
  void subackHasOneCodePerFilterInOrder() { // [MQTT-3.8.4-1] [MQTT-3.8.4-2] [MQTT-3.9.3-1]
    TestClient c = client("c");
    Suback ack = c.subscribe(MqttProperties.NONE, Subscription.of("a", 0), Subscription.of("b/+", 1),
        Subscription.of("c/#", 2), Subscription.of("bad/#/x", 1), Subscription.of("a+", 0),
        Subscription.of("$share/g", 1), Subscription.of("$share/g+/x", 1));
    assertThat(ack.reasonCodes()).containsExactly(0, 1, 2, ReasonCode.TOPIC_FILTER_INVALID,
        ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.TOPIC_FILTER_INVALID);
  }

  @Test
  void v311FailureCodeIs0x80() { // [MQTT-3.9.3-2] (3.1.1): 0x80 Failure
    TestClient c = broker.client();
    c.connectOk(V3_1_1, "c", true);
    assertThat(c.subscribe(MqttProperties.NONE, Subscription.of("a/#/b", 1), Subscription.of("ok", 1))
        .reasonCodes()).containsExactly(ReasonCode.V3_SUBACK_FAILURE, 1);
  }

  @Test
  void subscriptionQuotaIsEnforcedWith0x97() { // 3.9.3: 0x97 Quota exceeded
    Settings s = Settings.defaults();
    s.maxSubscriptions = 2;
    reconfigure(s);
    TestClient c = client("c");
    assertThat(c.subscribe(MqttProperties.NONE, Subscription.of("a", 0), Subscription.of("b", 0),
        Subscription.of("c", 0), Subscription.of("a", 1)).reasonCodes())
        .containsExactly(0, 0, ReasonCode.QUOTA_EXCEEDED, 1);
  }

  @Test
  void resubscribingReplacesTheSubscription() { // [MQTT-3.8.4-3]
    TestClient c = client("c");
    c.subscribe("t", 0);
    c.subscribe("t", 2);
    assertThat(broker.core.router().subscriptionCount()).isEqualTo(1);
    client("p").publish("t", 2, "once");
    assertThat(c.expectPublish("t", "once").qos()).isEqualTo(2);
    c.expectNothing();
  }

  @Test
  void overlappingSubscriptionsGiveOneMessageWithEverySubscriptionId() { // [MQTT-3.3.4-3] [MQTT-3.3.4-4]
    TestClient c = client("c");
    c.subscribe(subId(1), Subscription.of("a/+", 0));
    c.subscribe(subId(2), Subscription.of("a/#", 1));
    c.subscribe(MqttProperties.NONE, Subscription.of("a/b", 0));
    client("p").publish("a/b", 2, "one copy");
    Publish p = c.expectPublish("a/b", "one copy");
    c.expectNothing();
    assertThat(p.qos()).as("the highest granted QoS of the matches").isEqualTo(1);
    assertThat(p.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void singleMatchCarriesItsSubscriptionId() { // [MQTT-3.3.4-3]
    TestClient c = client("c");
    c.subscribe(subId(42), Subscription.of("a/+", 1));
    client("p").publish("a/b", 1, "m");
    assertThat(c.expectPublish("a/b", "m").properties().subscriptionIdentifiers()).containsExactly(42);
  }

  @Test
  void noLocalKeepsAClientsOwnMessagesFromIt() { // [MQTT-3.8.3-3]
    TestClient c = client("c");
    c.subscribe(MqttProperties.NONE, new Subscription("t", 0, true, false, 0));
    TestClient other = client("other");
    other.subscribe(MqttProperties.NONE, new Subscription("t", 0, true, false, 0));
    c.publish("t", 0, "mine");
    c.expectNothing();
    other.expectPublish("t", "mine");
    other.publish("t", 0, "theirs");
    c.expectPublish("t", "theirs");
    other.expectNothing();
  }

  @Test
  void noLocalOnOneOfOverlappingSubscriptionsStillDeliversThroughTheOther() { // [MQTT-3.8.3-3] [MQTT-3.3.4-4]
    TestClient c = client("c");
    c.subscribe(subId(1), new Subscription("t", 0, true, false, 0));
    c.subscribe(subId(2), Subscription.of("#", 0));
    c.publish("t", 0, "mine");
    Publish p = c.expectPublish("t", "mine");
    assertThat(p.properties().subscriptionIdentifiers()).containsExactly(2);
  }

  @Test
  void noLocalOnASharedSubscriptionIsAProtocolError() { // [MQTT-3.8.3-4]
    TestClient c = client("c");
    c.send(new io.berth.codec.packet.Subscribe(1,
        java.util.List.of(new Subscription("$share/g/t", 0, true, false, 0)), MqttProperties.NONE));
    c.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void unsubscribeCodesAreSuccessAndNoSubscriptionExisted() { // [MQTT-3.10.4-4] [MQTT-3.10.4-5], 3.11.3
    TestClient c = client("c");
    c.subscribe("a", 1);
    c.subscribe("$share/g/b", 1);
    Unsuback ack = c.unsubscribe("a", "never", "$share/g/b");
    assertThat(ack.reasonCodes()).containsExactly(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED,
        ReasonCode.SUCCESS);
    assertThat(broker.core.router().subscriptionCount()).isZero();
  }

  @Test
  void unsubscribeWithAnInvalidFilterAnswersTopicFilterInvalid() { // 3.11.3: UNSUBACK 0x8F
    TestClient c = client("c");
    c.subscribe("a", 1);
    assertThat(c.unsubscribe("a/#/b", "$share/g", "a").reasonCodes()).containsExactly(
        ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.SUCCESS);
  }

  @Test
  void afterUnsubscribeNoMoreMessages() { // [MQTT-3.10.4-1] [MQTT-3.10.4-2]
    TestClient c = client("c");
    c.subscribe("t", 1);
    c.unsubscribe("t");
    client("p").publish("t", 1, "gone");
    c.expectNothing();
  }

  @Test
  void v311UnsubackHasNoReasonCodes() { // 3.11.3 (3.1.1): UNSUBACK has no payload
    TestClient c = broker.client();
    c.connectOk(V3_1_1, "c", true);
    c.subscribe("a", 1);
    assertThat(c.unsubscribe("a", "b").reasonCodes()).isEmpty();
  }

  @Test
  void wildcardSubscriptionsDoNotMatchDollarTopics() { // [MQTT-4.7.2-1]
    TestClient c = client("c");
    c.subscribe("#", 0);
    c.subscribe("+/x", 0);
    TestClient d = client("d");
    d.subscribe("$SYS/#", 0);
    client("p").publish("$SYS/x", 0, "sys");
    c.expectNothing();
    d.expectPublish("$SYS/x", "sys");
  }

  @Test
  void multiLevelWildcardMatchesTheParentLevel() { // [MQTT-4.7.1-2] ("sport/#" matches "sport")
    TestClient c = client("c");
    c.subscribe("sport/#", 0);
    TestClient p = client("p");
    p.publish("sport", 0, "parent");
    p.publish("sport/tennis/player1", 0, "deep");
    p.publish("sports", 0, "no");
    c.expectPublish("sport", "parent");
    c.expectPublish("sport/tennis/player1", "deep");
    c.expectNothing();
  }

  @Test
  void emptyLevelsAreMatchedByPlus() { // 4.7.1.2: "+/+" matches "/finance"
    TestClient c = client("c");
    c.subscribe("+/+", 0);
    TestClient p = client("p");
    p.publish("/finance", 0, "x");
    p.publish("a//b", 0, "no");
    c.expectPublish("/finance", "x");
    c.expectNothing();
  }

  @Test
  void topicLevelLimitIsEnforced() { // max_topic_levels
    Settings s = Settings.defaults();
    s.maxTopicLevels = 3;
    reconfigure(s);
    TestClient c = client("c");
    assertThat(c.subscribe(MqttProperties.NONE, Subscription.of("a/b/c", 0), Subscription.of("a/b/c/d", 0))
        .reasonCodes()).containsExactly(0, ReasonCode.TOPIC_FILTER_INVALID);
    c.publish("a/b/c/d", 0, "deep");
    c.expectDisconnect(ReasonCode.TOPIC_NAME_INVALID);
  }
}
