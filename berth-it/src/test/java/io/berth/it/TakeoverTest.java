package io.berth.it;

import static io.berth.it.SessionTest.connectPersistent;
import static io.berth.it.SessionTest.endSession;
import static io.berth.it.SessionTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Session takeover by a second connection with the same identifier (MQTT 3.1.4), and assigned identifiers. */
class TakeoverTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @Test
  void takeoverV5() throws Exception {
    String id = Ids.client("take");
    String topic = Ids.topicRoot() + "/t";
    try (RawClient first = RawClient.open(broker); RawClient second = RawClient.open(broker)) {
      connectPersistent(first, MqttVersion.V5, id, true);
      first.subscribe(1, topic, 1);
      Connack ack = connectPersistent(second, MqttVersion.V5, id, false);
      assertThat(ack.sessionPresent()).isTrue();
      List<MqttPacket> last = first.expectClosed(RawClient.WAIT); // [MQTT-3.1.4-3]
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x8E));
      publish(broker, topic, 1, "to the second");
      assertThat(Packets.text(second.receive())).isEqualTo("to the second");
      second.disconnect();
    }
    endSession(broker, MqttVersion.V5, id);
  }

  @Test
  void takeoverSeenByPaho5() throws Exception {
    String id = Ids.client("ptake");
    try (Paho5 first = new Paho5(broker, id).connect()) {
      try (RawClient second = RawClient.open(broker)) {
        second.connectOk(MqttVersion.V5, id, true, 60);
        var d = first.disconnects.poll(5, TimeUnit.SECONDS);
        assertThat(d).isNotNull();
        assertThat(d.getReturnCode()).isEqualTo(0x8E);
        second.disconnect();
      }
    }
  }

  @Test
  void takeover311ClosesTheFirstWithoutPacketAndCleanStartDropsSubscriptions() {
    String id = Ids.client("take3");
    String topic = Ids.topicRoot() + "/t";
    try (RawClient first = RawClient.open(broker); RawClient second = RawClient.open(broker)) {
      connectPersistent(first, MqttVersion.V3_1_1, id, false);
      first.subscribe(1, topic, 1);
      assertThat(second.connectOk(MqttVersion.V3_1_1, id, true, 60).sessionPresent()).isFalse();
      assertThat(first.expectClosed(RawClient.WAIT)).isEmpty();
      publish(broker, topic, 1, "nobody");
      second.expectSilence(Duration.ofMillis(300)); // the clean session did not inherit the subscription
      second.disconnect();
    }
  }

  @Test
  void assignedClientIdentifier() throws Exception {
    String a;
    String b;
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connectOk(MqttVersion.V5, "", true, 60);
      a = ack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER); // [MQTT-3.2.2-16]
      assertThat(a).isNotBlank();
      assertThat(broker.server().core().sessions().get(a)).isNotNull();
      try (RawClient d = RawClient.open(broker)) {
        b = d.connectOk(MqttVersion.V5, "", true, 60).properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER);
        d.disconnect();
      }
      c.disconnect();
    }
    assertThat(b).isNotBlank().isNotEqualTo(a);
    try (Paho5 p = new Paho5(broker, "")) {
      p.connect(new MqttConnectionOptions());
      assertThat(p.connectToken.getResponseProperties().getAssignedClientIdentifier()).isNotBlank();
    }
  }

  @Test
  void emptyClientIdentifier311() {
    try (RawClient c = RawClient.open(broker)) {
      assertThat(c.connectOk(MqttVersion.V3_1_1, "", true, 60).properties().isEmpty()).isTrue(); // [MQTT-3.1.3-6]
      c.disconnect();
    }
    try (RawClient c = RawClient.open(broker)) {
      c.send(Packets.connectPacket(MqttVersion.V3_1_1, "", false, 60, null, MqttProperties.NONE));
      // [MQTT-3.1.3-8]: CONNACK return code 0x02 Identifier rejected, then close
      assertThat(c.readBytesUntilClosed(RawClient.WAIT)).containsExactly(0x20, 0x02, 0x00, 0x02);
    }
  }

  @Test
  void takeoverResendsTheUnackedMessagesWithDup() {
    String id = Ids.client("tdup");
    String topic = Ids.topicRoot() + "/t";
    try (RawClient first = RawClient.open(broker); RawClient second = RawClient.open(broker)) {
      connectPersistent(first, MqttVersion.V5, id, false);
      first.subscribe(1, topic, 1);
      publish(broker, topic, 1, "in flight");
      Publish p = first.expect(Publish.class); // never acknowledged by the first connection
      assertThat(connectPersistent(second, MqttVersion.V5, id, false).sessionPresent()).isTrue();
      Publish again = second.expect(Publish.class);
      assertThat(again.packetId()).isEqualTo(p.packetId());
      assertThat(again.dup()).isTrue();
      second.ack(again);
      second.disconnect();
    }
    endSession(broker, MqttVersion.V5, id);
  }
}
