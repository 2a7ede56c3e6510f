package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QoS 1/2 exchanges cut by a broker restart, with a raw client that stops exactly where the test wants: in-flight
 * messages come back under their packet ids with DUP, a PUBREL is resent, and an incoming QoS 2 packet id awaiting
 * PUBREL is still known, so a resent PUBLISH is not delivered twice (exactly once across the restart).
 */
class InflightRestartTest {
  private static final Duration QUIET = Duration.ofMillis(300);
  @TempDir Path dataDir;

  private static Connect persistent(String clientId) {
    MqttProperties props = MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, 600L).build();
    return new Connect(MqttVersion.V5, clientId, false, 60, null, null, null, props);
  }

  private static void publishAndComplete(RunningBroker broker, String topic, int qos, String payload) {
    try (RawClient pub = RawClient.open(broker)) {
      pub.connectOk(MqttVersion.V5, Ids.client("pub"), true, 60);
      pub.publishAndComplete(topic, qos, payload);
    }
  }

  @Test
  void outgoingInflightMessagesAreResentUnderTheirPacketIds() throws Exception { // [MQTT-4.4.0-1]
    String id = Ids.client("sub");
    String topic = Ids.topicRoot() + "/out";
    int released;
    int unacked1;
    int unacked2;
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      try (RawClient sub = RawClient.open(broker)) {
        sub.connect(persistent(id));
        sub.subscribe(1, topic, 2);
        publishAndComplete(broker, topic, 2, "q2-released");
        publishAndComplete(broker, topic, 2, "q2-unacked");
        publishAndComplete(broker, topic, 1, "q1-unacked");
        released = sub.expect(Publish.class).packetId();
        unacked1 = sub.expect(Publish.class).packetId();
        unacked2 = sub.expect(Publish.class).packetId();
        sub.send(new PubRec(released));
        assertThat(sub.expect(PubRel.class).packetId()).isEqualTo(released); // PUBCOMP never sent
        sub.kill();
      }
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir); RawClient sub = RawClient.open(broker)) {
      assertThat(sub.connect(persistent(id)).sessionPresent()).isTrue();
      assertThat(sub.expect(PubRel.class).packetId()).isEqualTo(released); // [MQTT-4.3.3-5] resent, not the PUBLISH
      Publish again = sub.expect(Publish.class);
      assertThat(again.packetId()).isEqualTo(unacked1);
      assertThat(again.dup()).isTrue();
      assertThat(Packets.text(again)).isEqualTo("q2-unacked");
      Publish again1 = sub.expect(Publish.class);
      assertThat(again1.packetId()).isEqualTo(unacked2);
      assertThat(again1.dup()).isTrue();
      assertThat(again1.qos()).isEqualTo(1);
      sub.send(new PubComp(released));
      sub.send(new PubRec(unacked1));
      assertThat(sub.expect(PubRel.class).packetId()).isEqualTo(unacked1);
      sub.send(new PubComp(unacked1));
      sub.send(new PubAck(unacked2));
      sub.expectSilence(QUIET);
      sub.disconnect();
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir); RawClient sub = RawClient.open(broker)) {
      sub.connect(persistent(id));
      sub.expectSilence(QUIET); // everything was completed: nothing comes back
    }
  }

  @Test
  void anIncomingQos2AwaitingPubrelIsNotDeliveredTwiceAfterARestart() throws Exception { // [MQTT-4.3.3-9]
    String pubId = Ids.client("q2pub");
    String subId = Ids.client("q2sub");
    String topic = Ids.topicRoot() + "/in";
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      try (RawClient sub = RawClient.open(broker)) {
        sub.connect(persistent(subId));
        sub.subscribe(1, topic, 2);
        sub.disconnect();
      }
      try (RawClient pub = RawClient.open(broker)) {
        pub.connect(persistent(pubId));
        pub.publish(topic, 2, 7, "exactly-once");
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(7); // PUBREL never sent
        pub.kill();
      }
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      try (RawClient pub = RawClient.open(broker)) {
        assertThat(pub.connect(persistent(pubId)).sessionPresent()).isTrue();
        // the publisher did not see the PUBREC, say, and resends: acknowledged again, not routed again
        pub.send(new Publish(topic, 2, false, true, 7, MqttProperties.NONE, Packets.utf8("exactly-once")));
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(7);
        pub.send(new PubRel(7));
        PubComp comp = pub.expect(PubComp.class);
        assertThat(comp.reasonCode()).as("the packet id was still known").isEqualTo(ReasonCode.SUCCESS);
      }
      try (RawClient sub = RawClient.open(broker)) {
        sub.connect(persistent(subId));
        assertThat(Packets.text(sub.receive())).isEqualTo("exactly-once");
        sub.expectSilence(QUIET);
      }
    }
  }
}
