package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.Settings;
import io.berth.core.harness.TestClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Messages from the server to a client: QoS, the inflight window, the queue, redelivery (MQTT 4.3, 4.4, 4.6, 4.9). */
class DeliveryTest extends BrokerTestBase {

  private TestClient pub() {
    TestClient p = broker.client();
    p.connectOk(V5, "pub-" + System.identityHashCode(p), true);
    return p;
  }

  /** A V5 client "sub" connected with these CONNECT properties and subscribed to "t" at that QoS. */
  private TestClient subscriber(boolean cleanStart, MqttProperties connectProps, int qos) {
    TestClient sub = broker.client();
    sub.connect(V5, "sub", cleanStart, connectProps);
    sub.subscribe("t", qos);
    return sub;
  }

  private static List<String> texts(List<Publish> ps) {
    return ps.stream().map(TestClient::text).toList();
  }

  @Test
  void windowIsTheClientsReceiveMaximumWhenLower() { // [MQTT-3.3.4-7]
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 2), 1);
    TestClient pub = pub();
    for (int i = 1; i <= 5; i++) {
      pub.publish("t", 1, "m" + i);
    }
    List<Publish> first = sub.publishes();
    assertThat(texts(first)).containsExactly("m1", "m2");
    sub.send(new PubAck(first.get(0).packetId()));
    assertThat(texts(sub.publishes())).containsExactly("m3");
    sub.send(new PubAck(first.get(1).packetId()));
    assertThat(texts(sub.publishes())).containsExactly("m4");
  }

  @Test
  void windowIsTheServersMaxInflightWhenLower() { // [MQTT-3.3.4-7] with max_inflight
    Settings s = Settings.defaults();
    s.maxInflight = 3;
    reconfigure(s);
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 10), 2);
    TestClient pub = pub();
    for (int i = 1; i <= 5; i++) {
      pub.publish("t", 2, "m" + i);
    }
    List<Publish> sent = sub.publishes();
    assertThat(texts(sent)).containsExactly("m1", "m2", "m3");
    sub.ack(sent.get(1)); // out of order completion frees one slot
    assertThat(texts(sub.publishes())).containsExactly("m4");
  }

  @Test
  void aSlowReaderLosesQos0ButKeepsQos1() { // bounded memory: QoS 0 may be lost (4.3.1), QoS 1 may not
    TestClient sub = subscriber(true, MqttProperties.NONE, 1);
    sub.out.setWritable(false);
    TestClient pub = pub();
    pub.publish("t", 0, "dropped");
    pub.publish("t", 1, "kept");
    assertThat(texts(sub.publishes())).containsExactly("kept");
    sub.out.setWritable(true);
    pub.publish("t", 0, "sent");
    assertThat(texts(sub.publishes())).containsExactly("sent");
  }

  @Test
  void qos0IsNotHeldBackByAFullWindow() { // Receive Maximum counts QoS 1 and 2 only (3.3.4)
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 1), 1);
    TestClient pub = pub();
    pub.publish("t", 1, "q1");
    pub.publish("t", 1, "q1-queued");
    pub.publish("t", 0, "q0");
    assertThat(texts(sub.publishes())).containsExactly("q1", "q0");
  }

  @Test
  void packetIdsInFlightAreDistinct() { // [MQTT-2.2.1-3]
    TestClient sub = broker.client();
    sub.connectOk(V5, "sub", true);
    sub.subscribe("t", 2);
    TestClient pub = pub();
    for (int i = 0; i < 20; i++) {
      pub.publish("t", i % 2 + 1, "m" + i);
    }
    Set<Integer> ids = new HashSet<>();
    for (Publish p : sub.publishes()) {
      assertThat(p.packetId()).isPositive();
      assertThat(ids.add(p.packetId())).as("packet id %d unique", p.packetId()).isTrue();
    }
    assertThat(ids).hasSize(20);
  }

  @Test
  void orderIsKeptThroughTheQueue() { // [MQTT-4.6.0-6]
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 1), 1);
    TestClient pub = pub();
    for (int i = 0; i < 10; i++) {
      pub.publish("t", 1, "m" + i);
    }
    for (int i = 0; i < 10; i++) {
      Publish p = sub.expectPublish("t", "m" + i);
      sub.expectNothing();
      sub.send(new PubAck(p.packetId()));
    }
  }

  @Test
  void unacknowledgedQos1IsResentWithDupOnResume() { // [MQTT-4.4.0-1] [MQTT-3.3.1-1]
    TestClient sub = subscriber(false, expiry(100), 1);
    pub().publish("t", 1, "again");
    Publish first = sub.expectPublish("t", "again");
    assertThat(first.dup()).isFalse();
    sub.drop();
    TestClient back = broker.client();
    assertThat(back.connect(V5, "sub", false, expiry(100)).sessionPresent()).isTrue();
    Publish resent = back.expectPublish("t", "again");
    assertThat(resent.dup()).isTrue();
    assertThat(resent.packetId()).isEqualTo(first.packetId());
    back.send(new PubAck(resent.packetId()));
    assertThat(broker.session("sub").inflight()).isEmpty();
  }

  @Test
  void unacknowledgedQos1IsResentWithDupOnResumeInV311() { // [MQTT-4.4.0-1] (3.1.1)
    TestClient sub = broker.client();
    sub.connectOk(V3_1_1, "sub", false);
    sub.subscribe("t", 1);
    pub().publish("t", 1, "again");
    Publish first = sub.expectPublish("t", "again");
    sub.drop();
    TestClient back = broker.client();
    assertThat(back.connect(V3_1_1, "sub", false).sessionPresent()).isTrue();
    Publish resent = back.expectPublish("t", "again");
    assertThat(resent.dup()).isTrue();
    assertThat(resent.packetId()).isEqualTo(first.packetId());
  }

  @Test
  void pubRelIsResentForAReleasedQos2OnResume() { // [MQTT-4.4.0-1]
    TestClient sub = subscriber(false, expiry(100), 2);
    pub().publish("t", 2, "exactly once");
    Publish p = sub.expectPublish("t", "exactly once");
    sub.send(new PubRec(p.packetId()));
    assertThat(sub.expect(PubRel.class).packetId()).isEqualTo(p.packetId());
    sub.drop();
    TestClient back = broker.client();
    back.connect(V5, "sub", false, expiry(100));
    assertThat(back.expect(PubRel.class).packetId()).as("PUBREL, not the PUBLISH").isEqualTo(p.packetId());
    back.expectNothing();
    back.send(new PubComp(p.packetId()));
    assertThat(broker.session("sub").inflight()).isEmpty();
  }

  @Test
  void pubRecWithAnErrorEndsTheFlowAndFreesTheWindow() { // [MQTT-4.3.3-4] (no PUBREL after an error PUBREC)
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 1), 2);
    TestClient pub = pub();
    pub.publish("t", 2, "refused");
    pub.publish("t", 2, "next");
    Publish p = sub.expectPublish("t", "refused");
    sub.send(new PubRec(p.packetId(), ReasonCode.QUOTA_EXCEEDED, MqttProperties.NONE));
    sub.expectPublish("t", "next");
    sub.expectNothing();
  }

  @Test
  void pubAckForAnUnknownIdIsIgnored() { // 4.3.2: only the matching PUBACK completes a delivery
    TestClient sub = broker.client();
    sub.connectOk(V5, "sub", true);
    sub.subscribe("t", 1);
    pub().publish("t", 1, "m");
    Publish p = sub.expectPublish("t", "m");
    sub.send(new PubAck(p.packetId() + 100));
    assertThat(broker.session("sub").inflight()).hasSize(1);
    sub.expectNothing();
  }

  @Test
  void messagesQueuedWhileOfflineArriveInOrderOnResume() { // [MQTT-3.1.2-5] [MQTT-4.6.0-6]
    TestClient sub = subscriber(false, expiry(100), 1);
    sub.drop();
    TestClient pub = pub();
    for (int i = 0; i < 5; i++) {
      pub.publish("t", 1, "m" + i);
    }
    TestClient back = broker.client();
    back.connect(V5, "sub", false, expiry(100));
    assertThat(texts(back.publishes())).containsExactly("m0", "m1", "m2", "m3", "m4");
  }

  @Test
  void fullQueueDropsTheOldestMessage() { // max_mqueue_len (DESIGN §2: every queue is bounded)
    Settings s = Settings.defaults();
    s.maxMqueueLen = 3;
    reconfigure(s);
    TestClient sub = subscriber(false, expiry(100), 1);
    sub.drop();
    TestClient pub = pub();
    for (int i = 1; i <= 5; i++) {
      pub.publish("t", 1, "m" + i);
    }
    assertThat(broker.session("sub").droppedMessages()).isEqualTo(2);
    TestClient back = broker.client();
    back.connect(V5, "sub", false, expiry(100));
    assertThat(texts(back.publishes())).containsExactly("m3", "m4", "m5");
  }

  @Test
  void qos0IsNotQueuedOfflineWhenStoreQos0IsOff() { // mqueue_store_qos0 = false
    Settings s = Settings.defaults();
    s.mqueueStoreQos0 = false;
    reconfigure(s);
    TestClient sub = subscriber(false, expiry(100), 1);
    sub.drop();
    TestClient pub = pub();
    pub.publish("t", 0, "lost");
    pub.publish("t", 1, "kept");
    TestClient back = broker.client();
    back.connect(V5, "sub", false, expiry(100));
    assertThat(texts(back.publishes())).containsExactly("kept");
  }

  @Test
  void deliveredQosIsTheMinimumOfPublishedAndGranted() { // [MQTT-3.8.4-8] [MQTT-3.3.4-2]
    TestClient s0 = broker.client();
    s0.connectOk(V5, "s0", true);
    s0.subscribe("t", 0);
    TestClient s1 = broker.client();
    s1.connectOk(V5, "s1", true);
    s1.subscribe("t", 1);
    TestClient s2 = broker.client();
    s2.connectOk(V5, "s2", true);
    s2.subscribe("t", 2);
    TestClient pub = pub();
    pub.publish("t", 2, "q2");
    assertThat(s0.expectPublish("t", "q2").qos()).isZero();
    assertThat(s1.expectPublish("t", "q2").qos()).isEqualTo(1);
    assertThat(s2.expectPublish("t", "q2").qos()).isEqualTo(2);
    pub.publish("t", 1, "q1");
    assertThat(s2.expectPublish("t", "q1").qos()).isEqualTo(1);
    pub.publish("t", 0, "q0");
    Publish q0 = s2.expectPublish("t", "q0");
    assertThat(q0.qos()).isZero();
    assertThat(q0.packetId()).isZero();
  }

  @Test
  void grantedQosIsCappedByMaximumQos() { // 3.2.2.3.4 Maximum QoS and 3.9.3: SUBACK grants at most that
    Settings s = Settings.defaults();
    s.maxQos = 1;
    reconfigure(s);
    TestClient sub = broker.client();
    sub.connectOk(V5, "sub", true);
    assertThat(sub.subscribe("t", 2).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
  }

  @Test
  void messageLargerThanTheClientsMaximumPacketSizeIsDropped() { // [MQTT-3.1.2-24] [MQTT-3.1.2-25]
    TestClient sub = subscriber(true, props(Property.MAXIMUM_PACKET_SIZE, 40L), 1);
    TestClient pub = pub();
    pub.publish("t", 1, "x".repeat(100));
    pub.publish("t", 0, "y".repeat(100));
    sub.expectNothing();
    assertThat(broker.session("sub").inflight()).as("behaves as if sent: nothing awaits PUBACK").isEmpty();
    assertThat(broker.session("sub").droppedMessages()).isEqualTo(2);
    pub.publish("t", 1, "small");
    sub.expectPublish("t", "small");
  }

  @Test
  void expiredMessageIsNotDeliveredAfterReconnect() { // [MQTT-3.3.2-5]
    TestClient sub = subscriber(false, expiry(100), 1);
    sub.drop();
    TestClient pub = pub();
    pub.publish("t", 1, false, "short-lived", props(Property.MESSAGE_EXPIRY_INTERVAL, 10L));
    pub.publish("t", 1, false, "long-lived", props(Property.MESSAGE_EXPIRY_INTERVAL, 60L));
    pub.publish("t", 1, "forever");
    broker.advance(10_000);
    TestClient back = broker.client();
    back.connect(V5, "sub", false, expiry(100));
    List<Publish> got = back.publishes();
    assertThat(texts(got)).containsExactly("long-lived", "forever");
    assertThat(got.get(0).properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, -1))
        .as("the time left, not the original interval [MQTT-3.3.2-6]").isEqualTo(50);
    assertThat(got.get(1).properties().has(Property.MESSAGE_EXPIRY_INTERVAL)).isFalse();
  }

  @Test
  void queuedMessageCarriesItsRemainingExpiry() { // [MQTT-3.3.2-6]
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 1), 1);
    TestClient pub = pub();
    pub.publish("t", 1, false, "first", props(Property.MESSAGE_EXPIRY_INTERVAL, 10L));
    pub.publish("t", 1, false, "second", props(Property.MESSAGE_EXPIRY_INTERVAL, 10L));
    Publish first = sub.expectPublish("t", "first");
    assertThat(first.properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, -1)).isEqualTo(10);
    broker.advance(4_000);
    sub.send(new PubAck(first.packetId()));
    Publish second = sub.expectPublish("t", "second");
    assertThat(second.properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, -1)).isEqualTo(6);
  }

  @Test
  void queuedMessageThatExpiresBehindTheWindowIsDropped() { // [MQTT-3.3.2-5]
    TestClient sub = subscriber(true, props(Property.RECEIVE_MAXIMUM, 1), 1);
    TestClient pub = pub();
    pub.publish("t", 1, "first");
    pub.publish("t", 1, false, "expiring", props(Property.MESSAGE_EXPIRY_INTERVAL, 2L));
    pub.publish("t", 1, "third");
    Publish first = sub.expectPublish("t", "first");
    broker.advance(2_000);
    sub.send(new PubAck(first.packetId()));
    sub.expectPublish("t", "third");
  }

  @Test
  void v311ClientsGetNoProperties() { // 3.1.1 has no properties: expiry and user properties are not sent
    TestClient sub = broker.client();
    Connack ack = sub.connect(V3_1_1, "v3", true);
    assertThat(ack.properties().isEmpty()).isTrue();
    sub.subscribe("t", 1);
    pub().publish("t", 1, false, "m",
        MqttProperties.builder().set(Property.MESSAGE_EXPIRY_INTERVAL, 10L).addUserProperty("a", "b").build());
    assertThat(sub.expectPublish("t", "m").properties().isEmpty()).isTrue();
  }
}
