package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1;
import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * QoS 0 deliveries with nothing of the subscriber's own in them go through {@link Outbox#sendQos0} (which the server
 * encodes once per message and variant); the others are still built per subscriber, with their own properties.
 */
class SharedQos0Test extends BrokerTestBase {

  private TestClient sub(MqttVersion v, String id, MqttProperties connectProps) {
    TestClient c = broker.client();
    c.connect(v, id, true, connectProps);
    c.drain();
    return c;
  }

  private static Publish only(TestClient c) {
    List<Publish> ps = c.publishes();
    assertThat(ps).hasSize(1);
    return ps.get(0);
  }

  @Test
  void plainQos0GoesThroughTheShareableSendAndOthersKeepTheirOwnPacket() {
    TestClient v5 = sub(V5, "v5", MqttProperties.NONE);
    v5.subscribe("t", 0);
    TestClient v311 = sub(V3_1_1, "v311", MqttProperties.NONE);
    v311.subscribe("t", 1);
    TestClient v31 = sub(V3_1, "v31", MqttProperties.NONE);
    v31.subscribe("t", 0);
    TestClient withId = sub(V5, "withId", MqttProperties.NONE);
    withId.subscribe(MqttProperties.builder().addSubscriptionIdentifier(7).build(), Subscription.of("t", 0));
    TestClient withAliases = sub(V5, "withAliases", props(Property.TOPIC_ALIAS_MAXIMUM, 4));
    withAliases.subscribe("t", 0);

    TestClient pub = broker.client();
    pub.connectOk(V5, "pub", true);
    pub.publish("t", 0, false, "hello", props(Property.CONTENT_TYPE, "text/plain"));

    for (TestClient c : List.of(v5, v311, v31)) {
      assertThat(c.out.sharedQos0()).as(c.channel.version().toString()).isEqualTo(1);
      Publish p = only(c);
      assertThat(TestClient.text(p)).isEqualTo("hello");
      assertThat(p.qos()).isZero();
      assertThat(p.topic()).isEqualTo("t");
      assertThat(p.properties().string(Property.CONTENT_TYPE)).isEqualTo(c == v5 ? "text/plain" : null);
    }
    assertThat(withId.out.sharedQos0()).isZero();
    Publish p = only(withId);
    assertThat(p.properties().subscriptionIdentifiers()).containsExactly(7);
    assertThat(withAliases.out.sharedQos0()).isZero();
    p = only(withAliases);
    assertThat(p.properties().intValue(Property.TOPIC_ALIAS, 0)).isEqualTo(1);
  }

  @Test
  void anExpiringMessageIsNotShared() { // its Message Expiry Interval is the time left [MQTT-3.3.2-6]
    TestClient v5 = sub(V5, "v5", MqttProperties.NONE);
    v5.subscribe("t", 0);
    TestClient pub = broker.client();
    pub.connectOk(V5, "pub", true);
    pub.publish("t", 0, false, "x", props(Property.MESSAGE_EXPIRY_INTERVAL, 60L));
    assertThat(v5.out.sharedQos0()).isZero();
    assertThat(only(v5).properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, 0)).isEqualTo(60L);
  }

  @Test
  void theClientsMaximumPacketSizeStillDropsTooLargeMessages() { // [MQTT-3.1.2-25]
    TestClient small = sub(V5, "small", props(Property.MAXIMUM_PACKET_SIZE, 20L));
    small.subscribe("t", 0);
    TestClient pub = broker.client();
    pub.connectOk(V5, "pub", true);
    pub.publish("t", 0, "0123456789012345678901234567890");
    pub.publish("t", 0, "ok");
    assertThat(small.out.sharedQos0()).isEqualTo(2);
    assertThat(TestClient.text(only(small))).isEqualTo("ok");
  }
}
