package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.Settings;
import io.berth.core.harness.TestClient;
import org.junit.jupiter.api.Test;

/** PUBLISH from a client at QoS 0, 1 and 2, and its acknowledgements (MQTT 3.3 – 3.7, 4.3). */
class PublishInboundTest extends BrokerTestBase {

  private TestClient subscriber(String filter, int qos) {
    TestClient s = broker.client();
    s.connectOk(V5, "sub-" + filter.replace('/', '_'), true);
    s.subscribe(filter, qos);
    return s;
  }

  private TestClient publisher(io.berth.codec.MqttVersion v) {
    TestClient p = broker.client();
    p.connectOk(v, "pub", true);
    return p;
  }

  @Test
  void qos0IsRoutedWithoutAcknowledgement() { // [MQTT-4.3.1-1]
    TestClient sub = subscriber("t", 2);
    TestClient pub = publisher(V5);
    pub.publish("t", 0, "zero");
    pub.expectNothing();
    Publish p = sub.expectPublish("t", "zero");
    assertThat(p.qos()).isZero();
    assertThat(p.dup()).isFalse(); // [MQTT-3.3.1-2]
  }

  @Test
  void qos1IsAcknowledgedWithPubAckOfTheSamePacketId() { // [MQTT-4.3.2-4]
    TestClient sub = subscriber("t", 2);
    TestClient pub = publisher(V5);
    int id = pub.publish("t", 1, "one");
    PubAck ack = pub.expect(PubAck.class);
    assertThat(ack.packetId()).isEqualTo(id);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    sub.expectPublish("t", "one");
  }

  @Test
  void qos1WithoutSubscribersIsAcknowledgedWith0x10InV5() { // 3.4.2.1: 0x10 No matching subscribers
    TestClient pub = publisher(V5);
    pub.publish("nobody", 1, "one");
    assertThat(pub.expect(PubAck.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
  }

  @Test
  void qos1WithoutSubscribersIsAcknowledgedPlainlyInV311() { // 3.1.1 PUBACK has no reason code
    TestClient pub = publisher(V3_1_1);
    pub.publish("nobody", 1, "one");
    assertThat(pub.expect(PubAck.class).reasonCode()).isZero();
  }

  @Test
  void qos2FlowIsPubRecPubRelPubComp() { // [MQTT-4.3.3-8] [MQTT-4.3.3-11]
    TestClient sub = subscriber("t", 2);
    TestClient pub = publisher(V5);
    int id = pub.publish("t", 2, "two");
    PubRec rec = pub.expect(PubRec.class);
    assertThat(rec.packetId()).isEqualTo(id);
    assertThat(rec.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    sub.expectPublish("t", "two"); // method B: routed on receipt
    pub.send(new PubRel(id));
    assertThat(pub.expect(PubComp.class).packetId()).isEqualTo(id);
    assertThat(broker.session("pub").awaitingRel()).isEmpty();
  }

  @Test
  void duplicateQos2PublishBeforePubRelIsNotRoutedAgain() { // [MQTT-4.3.3-10]
    TestClient sub = subscriber("t", 2);
    TestClient pub = publisher(V5);
    int id = pub.publish("t", 2, "two");
    assertThat(pub.expect(PubRec.class).reasonCode()).isZero();
    sub.expectPublish("t", "two");
    pub.send(new Publish("t", 2, false, true, id, MqttProperties.NONE, broker.payload("two")));
    PubRec again = pub.expect(PubRec.class);
    assertThat(again.packetId()).isEqualTo(id);
    assertThat(again.reasonCode())
        .as("a resend is accepted, not reported as having no subscribers")
        .isEqualTo(ReasonCode.SUCCESS);
    sub.expectNothing();
  }

  @Test
  void samePacketIdAfterPubCompIsANewMessage() { // [MQTT-4.3.3-12]
    TestClient sub = subscriber("t", 2);
    TestClient pub = publisher(V5);
    pub.send(new Publish("t", 2, false, false, 9, MqttProperties.NONE, broker.payload("first")));
    pub.expect(PubRec.class);
    pub.send(new PubRel(9));
    pub.expect(PubComp.class);
    pub.send(new Publish("t", 2, false, false, 9, MqttProperties.NONE, broker.payload("second")));
    pub.expect(PubRec.class);
    sub.expectPublish("t", "first");
    sub.expectPublish("t", "second");
  }

  @Test
  void pubRelForAnUnknownPacketIdIsAnsweredWith0x92() { // [MQTT-4.3.3-11], 3.7.2.1
    TestClient pub = publisher(V5);
    pub.send(new PubRel(77));
    PubComp comp = pub.expect(PubComp.class);
    assertThat(comp.packetId()).isEqualTo(77);
    assertThat(comp.reasonCode()).isEqualTo(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
  }

  @Test
  void awaitingPubRelSurvivesAReconnect() { // [MQTT-4.3.3-10] with session state (4.1)
    TestClient sub = subscriber("t", 2);
    TestClient pub = broker.client();
    pub.connect(V5, "pub", false, expiry(100));
    int id = pub.publish("t", 2, "two");
    pub.expect(PubRec.class);
    pub.drop();
    TestClient again = broker.client();
    again.connect(V5, "pub", false, expiry(100));
    again.send(new Publish("t", 2, false, true, id, MqttProperties.NONE, broker.payload("two")));
    again.expect(PubRec.class);
    again.send(new PubRel(id));
    assertThat(again.expect(PubComp.class).reasonCode()).isZero();
    sub.expectPublish("t", "two");
    sub.expectNothing();
  }

  @Test
  void tooManyQos2AwaitingPubRelIsDisconnectedWith0x93() { // [MQTT-3.3.4-9]: 0x93 Receive Maximum exceeded
    Settings s = Settings.defaults();
    s.maxInflight = 2;
    s.maxAwaitingRel = 2;
    reconfigure(s);
    TestClient pub = publisher(V5);
    pub.publish("t", 2, "1");
    pub.publish("t", 2, "2");
    pub.expect(PubRec.class);
    pub.expect(PubRec.class);
    pub.publish("t", 2, "3");
    pub.expectDisconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
  }

  @Test
  void topicNameWithWildcardIsDisconnectedWith0x90() { // [MQTT-3.3.2-2]
    TestClient pub = publisher(V5);
    pub.publish("a/+", 0, "bad");
    pub.expectDisconnect(ReasonCode.TOPIC_NAME_INVALID);
  }

  @Test
  void subscriptionIdentifierFromAClientIsAProtocolError() { // [MQTT-3.3.4-6]
    TestClient pub = publisher(V5);
    pub.publish("t", 0, false, "bad", MqttProperties.builder().addSubscriptionIdentifier(3).build());
    pub.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void qosAboveMaximumIsDisconnectedWith0x9B() { // [MQTT-3.2.2-11], 3.3.1.2
    Settings s = Settings.defaults();
    s.maxQos = 0;
    reconfigure(s);
    TestClient pub = publisher(V5);
    pub.publish("t", 1, "one");
    pub.expectDisconnect(ReasonCode.QOS_NOT_SUPPORTED);
  }

  @Test
  void incomingDupFlagIsNotPropagated() { // [MQTT-3.3.1-3]
    TestClient sub = subscriber("t", 1);
    TestClient pub = publisher(V5);
    pub.send(new Publish("t", 1, false, true, 5, MqttProperties.NONE, broker.payload("dup in")));
    pub.expect(PubAck.class);
    assertThat(sub.expectPublish("t", "dup in").dup()).isFalse();
  }

  @Test
  void applicationPropertiesAreForwardedUnaltered() { // [MQTT-3.3.2-4] [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20]
    TestClient sub = subscriber("t", 0);
    TestClient pub = publisher(V5);
    MqttProperties props = MqttProperties.builder()
        .set(Property.PAYLOAD_FORMAT_INDICATOR, 1)
        .set(Property.CONTENT_TYPE, "text/plain")
        .set(Property.RESPONSE_TOPIC, "reply/here")
        .set(Property.CORRELATION_DATA, new byte[] {1, 2, 3})
        .addUserProperty("k", "2")
        .addUserProperty("k", "1")
        .addUserProperty("a", "x")
        .build();
    pub.publish("t", 0, false, "props", props);
    Publish p = sub.expectPublish("t", "props");
    assertThat(p.properties()).isEqualTo(props);
  }
}
