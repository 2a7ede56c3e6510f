package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.PubComp;
import io.berth.core.MqttSettings;
import io.berth.core.harness.HeldPersistence;
import io.berth.core.harness.TestBroker;
import io.berth.core.harness.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Acknowledgements that wait for the disk: a PUBACK/PUBREC is sent only once the message's writes are durable. */
class DurableAckTest {
  private final HeldPersistence disk = new HeldPersistence();
  private final TestBroker broker = new TestBroker(MqttSettings.defaults(), 1, disk);

  @AfterEach
  void checkReferences() {
    broker.closeAndCheckReferences();
  }

  private TestClient client(io.berth.codec.MqttVersion v) {
    TestClient c = broker.client();
    c.connectOk(v, "pub", true);
    return c;
  }

  private void completeDisk(boolean written) {
    disk.complete(written);
    broker.settle();
  }

  @Test
  void retainedQos1IsAcknowledgedOnceDurable() {
    TestClient c = client(V5);
    int id = c.publish("r/t", 1, true, "kept");
    c.expectNothing();
    completeDisk(true);
    assertThat(c.expect(PubAck.class).packetId()).isEqualTo(id);
  }

  @Test
  void aMessageWithoutDiskWritesIsAcknowledgedAtOnce() {
    TestClient c = client(V5);
    int id = c.publish("plain", 1, false, "x");
    assertThat(c.expect(PubAck.class).packetId()).isEqualTo(id);
    assertThat(disk.waiting()).isZero();
  }

  @Test
  void acksBehindAWaitingOneKeepTheirOrder() { // [MQTT-4.6.0-2] [MQTT-4.6.0-3]
    TestClient c = client(V5);
    int first = c.publish("r/t", 1, true, "kept");
    int second = c.publish("plain", 1, false, "x");
    int third = c.publish("plain", 2, false, "y");
    c.expectNothing();
    completeDisk(true);
    assertThat(c.expect(PubAck.class).packetId()).isEqualTo(first);
    assertThat(c.expect(PubAck.class).packetId()).isEqualTo(second);
    assertThat(c.expect(PubRec.class).packetId()).isEqualTo(third);
    int fourth = c.publish("plain", 1, false, "z"); // nothing waits any more: at once
    assertThat(c.expect(PubAck.class).packetId()).isEqualTo(fourth);
    c.send(new PubRel(third));
    assertThat(c.expect(PubComp.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
  }

  @Test
  void aFailedWriteIsRefusedWithQuotaExceededOnMqtt5() {
    TestClient c = client(V5);
    int q1 = c.publish("r/a", 1, true, "a");
    int q2 = c.publish("r/b", 2, true, "b");
    completeDisk(false);
    PubAck ack = c.expect(PubAck.class);
    assertThat(ack.packetId()).isEqualTo(q1);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
    PubRec rec = c.expect(PubRec.class);
    assertThat(rec.packetId()).isEqualTo(q2);
    assertThat(rec.reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
    assertThat(broker.session("pub").awaitingRel()).doesNotContain(q2); // the exchange ended: may be resent anew
  }

  @Test
  void aFailedWriteClosesAnMqtt311Connection() {
    TestClient c = client(V3_1_1);
    c.publish("r/a", 1, true, "a");
    completeDisk(false);
    c.expectNothing();
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void aClientGoneBeforeTheDiskGetsNothing() {
    TestClient c = client(V5);
    c.publish("r/a", 1, true, "a");
    c.drop();
    completeDisk(true);
    c.expectNothing();
  }

  /** A persistent session's CONNACK itself waits for the disk. */
  private TestClient persistentClient(io.berth.codec.MqttVersion v) {
    TestClient c = broker.client();
    c.send(TestClient.connectPacket(v, "durable", false));
    completeDisk(true);
    assertThat(c.expect(Connack.class).reasonCode()).isZero();
    return c;
  }

  @Test
  void aPersistentSessionsConnackWaitsForItsStateOnDisk() {
    TestClient c = broker.client();
    c.send(TestClient.connectPacket(V5, "durable", false, 0, null,
        MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, 600L).build()));
    c.expectNothing();
    completeDisk(true);
    assertThat(c.expect(Connack.class).reasonCode()).isZero();
    TestClient clean = client(V5); // a clean session keeps nothing: at once
    clean.expectNothing();
  }

  @Test
  void aPersistentSessionTheDiskCannotTakeIsRefused() {
    TestClient v5 = broker.client();
    v5.send(TestClient.connectPacket(V5, "durable", false, 0, null,
        MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, 600L).build()));
    completeDisk(false);
    assertThat(v5.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
    assertThat(v5.isClosed()).isTrue();
    TestClient v3 = broker.client();
    v3.send(TestClient.connectPacket(V3_1_1, "durable3", false));
    completeDisk(false);
    assertThat(v3.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.V3_SERVER_UNAVAILABLE);
    assertThat(v3.isClosed()).isTrue();
    assertThat(broker.session("durable3").isOnline()).isFalse(); // kept, offline: the client may come back
  }

  @Test
  void aPersistentSessionsUnsubackWaitsForTheRemovalOnDisk() {
    TestClient c = persistentClient(V3_1_1);
    c.send(new io.berth.codec.packet.Subscribe(5,
        java.util.List.of(io.berth.codec.packet.Subscription.of("t", 1)), MqttProperties.NONE));
    completeDisk(true);
    c.expect(io.berth.codec.packet.Suback.class);
    c.send(new io.berth.codec.packet.Unsubscribe(6, java.util.List.of("t"), MqttProperties.NONE));
    c.expectNothing();
    completeDisk(true);
    assertThat(c.expect(io.berth.codec.packet.Unsuback.class).packetId()).isEqualTo(6);
  }

  @Test
  void aPersistentSessionsSubackWaitsForItsSubscriptionOnDisk() {
    TestClient persistent = persistentClient(V3_1_1);
    persistent.send(new io.berth.codec.packet.Subscribe(5,
        java.util.List.of(io.berth.codec.packet.Subscription.of("t", 1)), io.berth.codec.MqttProperties.NONE));
    persistent.expectNothing();
    completeDisk(true);
    assertThat(persistent.expect(io.berth.codec.packet.Suback.class).packetId()).isEqualTo(5);
    TestClient clean = client(V5); // a clean session keeps nothing: at once
    clean.subscribe("t", 1);
  }
}
