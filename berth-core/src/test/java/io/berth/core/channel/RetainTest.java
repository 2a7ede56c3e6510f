package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retained messages and the subscription options that govern them (MQTT 3.3.1.3, 3.8.3.1). */
class RetainTest extends BrokerTestBase {

  private TestClient pub;

  private TestClient pub() {
    if (pub == null) {
      pub = broker.client();
      pub.connectOk(V5, "pub", true);
    }
    return pub;
  }

  private TestClient sub(String id) {
    TestClient s = broker.client();
    s.connectOk(V5, id, true);
    return s;
  }

  private static Subscription opts(String filter, int qos, boolean rap, int retainHandling) {
    return new Subscription(filter, qos, false, rap, retainHandling);
  }

  @Test
  void retainedMessageIsStoredAndSentToANewSubscriberWithRetain1() { // [MQTT-3.3.1-5] [MQTT-3.3.1-9]
    pub().publish("r/t", 1, true, "kept");
    TestClient s = sub("s");
    s.subscribe("r/t", 1);
    Publish p = s.expectPublish("r/t", "kept");
    assertThat(p.retain()).isTrue();
    assertThat(p.qos()).isEqualTo(1);
  }

  @Test
  void aNewRetainedMessageReplacesTheOld() { // [MQTT-3.3.1-5]
    pub().publish("r/t", 0, true, "old");
    pub().publish("r/t", 0, true, "new");
    assertThat(broker.core.retained().size()).isEqualTo(1);
    TestClient s = sub("s");
    s.subscribe("r/t", 0);
    s.expectPublish("r/t", "new");
    s.expectNothing();
  }

  @Test
  void emptyRetainedPayloadClearsAndIsNotStoredButIsForwarded() { // [MQTT-3.3.1-6] [MQTT-3.3.1-7]
    TestClient live = sub("live");
    live.subscribe("r/t", 0);
    pub().publish("r/t", 0, true, "kept");
    live.expectPublish("r/t", "kept");
    pub().publish("r/t", 0, true, "");
    live.expectPublish("r/t", ""); // processed as normal by the server
    assertThat(broker.core.retained().size()).isZero();
    TestClient late = sub("late");
    late.subscribe("r/t", 0);
    late.expectNothing();
  }

  @Test
  void nonRetainedPublishLeavesTheRetainedMessageAlone() { // [MQTT-3.3.1-8]
    pub().publish("r/t", 0, true, "kept");
    pub().publish("r/t", 0, false, "passing");
    pub().publish("r/t", 0, false, "");
    TestClient s = sub("s");
    s.subscribe("r/t", 0);
    s.expectPublish("r/t", "kept");
  }

  @Test
  void retainHandling0SendsOnEverySubscribe() { // [MQTT-3.3.1-9]
    pub().publish("r/t", 0, true, "kept");
    TestClient s = sub("s");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, false, 0));
    s.expectPublish("r/t", "kept");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, false, 0));
    s.expectPublish("r/t", "kept");
  }

  @Test
  void retainHandling1SendsOnlyForANewSubscription() { // [MQTT-3.3.1-10]
    pub().publish("r/t", 0, true, "kept");
    TestClient s = sub("s");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, false, 1));
    s.expectPublish("r/t", "kept");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, false, 1));
    s.expectNothing();
  }

  @Test
  void retainHandling2NeverSends() { // [MQTT-3.3.1-11]
    pub().publish("r/t", 0, true, "kept");
    TestClient s = sub("s");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, false, 2));
    s.expectNothing();
  }

  @Test
  void retainAsPublished0ClearsRetainOnForwardedMessages() { // [MQTT-3.3.1-12]
    TestClient s = sub("s");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, false, 0));
    pub().publish("r/t", 0, true, "live");
    assertThat(s.expectPublish("r/t", "live").retain()).isFalse();
  }

  @Test
  void retainAsPublished1KeepsTheFlag() { // [MQTT-3.3.1-13]
    TestClient s = sub("s");
    s.subscribe(MqttProperties.NONE, opts("r/t", 0, true, 0));
    pub().publish("r/t", 0, true, "live");
    assertThat(s.expectPublish("r/t", "live").retain()).isTrue();
    pub().publish("r/t", 0, false, "plain");
    assertThat(s.expectPublish("r/t", "plain").retain()).isFalse();
  }

  @Test
  void v311ForwardsRetainedPublishesWithRetain0AndSendsStoredOnesWithRetain1() { // [MQTT-3.3.1-8] [MQTT-3.3.1-9] (3.1.1)
    TestClient s = broker.client();
    s.connectOk(V3_1_1, "v3", true);
    s.subscribe("r/#", 1);
    pub().publish("r/t", 1, true, "live");
    assertThat(s.expectPublish("r/t", "live").retain()).isFalse();
    s.subscribe("r/t", 1);
    assertThat(s.expectPublish("r/t", "live").retain()).isTrue();
  }

  @Test
  void wildcardSubscriptionGetsEveryMatchingRetainedMessageAtTheLowerQos() { // [MQTT-3.3.1-9] [MQTT-3.8.4-8]
    pub().publish("r/a", 2, true, "a");
    pub().publish("r/b", 0, true, "b");
    pub().publish("r/c/d", 1, true, "cd");
    pub().publish("other", 1, true, "no");
    TestClient s = sub("s");
    s.subscribe("r/+", 1);
    List<Publish> got = s.publishes();
    assertThat(got).extracting(Publish::topic).containsExactlyInAnyOrder("r/a", "r/b");
    for (Publish p : got) {
      assertThat(p.qos()).isEqualTo(p.topic().equals("r/a") ? 1 : 0);
    }
  }

  @Test
  void sharedSubscriptionsGetNoRetainedMessages() { // MQTT 4.8.2: retained messages are not sent to shared subs
    pub().publish("r/t", 0, true, "kept");
    TestClient s = sub("s");
    s.subscribe("$share/g/r/t", 0);
    s.expectNothing();
  }

  @Test
  void retainedMessageDoesNotHoldThePublishersBuffer() { // DESIGN §1: retained copies are compact
    pub().publish("r/t", 0, true, "kept");
    // the publisher's payload went back to 0 (checked after the test), the copy is still served:
    TestClient s = sub("s");
    s.subscribe("r/t", 0);
    s.expectPublish("r/t", "kept");
  }

  @Test
  void expiredRetainedMessageIsNotSent() { // [MQTT-3.3.2-5] 
    pub().publish("r/t", 0, true, "brief", props(io.berth.codec.Property.MESSAGE_EXPIRY_INTERVAL, 5L));
    broker.advance(5_000);
    TestClient s = sub("s");
    s.subscribe("r/t", 0);
    s.expectNothing();
    assertThat(broker.retained.size()).as("an expired retained message leaves the store").isZero();
  }
}
