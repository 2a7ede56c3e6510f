package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** QoS 0, 1 and 2 from client to broker and from broker to client, byte-exact with raw clients (MQTT 4.3). */
class QosTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @ParameterizedTest(name = "MQTT {0}: publish QoS {1}, subscription QoS {2}")
  @CsvSource({
    "V3_1_1, 0, 0", "V3_1_1, 0, 2", "V3_1_1, 1, 0", "V3_1_1, 1, 1", "V3_1_1, 1, 2",
    "V3_1_1, 2, 0", "V3_1_1, 2, 1", "V3_1_1, 2, 2",
    "V5, 0, 1", "V5, 1, 2", "V5, 2, 1", "V5, 2, 2"
  })
  void deliveredAtTheLowerOfPublishAndSubscriptionQos(MqttVersion v, int pubQos, int subQos) {
    String topic = Ids.topicRoot() + "/q";
    try (RawClient sub = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      sub.connectOk(v, Ids.client("qsub"), true, 60);
      pub.connectOk(v, Ids.client("qpub"), true, 60);
      assertThat(sub.subscribe(1, topic, subQos).reasonCodes()).containsExactly(subQos);
      int id = pubQos == 0 ? 0 : 4321;
      pub.send(new Publish(topic, pubQos, false, false, id, MqttProperties.NONE, Packets.utf8("m")));
      // Publisher side of the flow [MQTT-4.3.2-1] [MQTT-4.3.3-1]
      if (pubQos == 1) {
        PubAck ack = pub.expect(PubAck.class);
        assertThat(ack.packetId()).isEqualTo(id);
        assertThat(ack.reasonCode()).isZero();
      } else if (pubQos == 2) {
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(id);
        pub.send(new PubRel(id));
        assertThat(pub.expect(PubComp.class).packetId()).isEqualTo(id);
      }
      // Subscriber side: min(publish QoS, granted QoS) [MQTT-3.8.4-8]
      Publish got = sub.expect(Publish.class);
      int expected = Math.min(pubQos, subQos);
      assertThat(got.topic()).isEqualTo(topic);
      assertThat(got.qos()).isEqualTo(expected);
      assertThat(got.dup()).isFalse();
      assertThat(Packets.text(got)).isEqualTo("m");
      if (expected == 0) {
        assertThat(got.packetId()).isZero();
      } else {
        assertThat(got.packetId()).isNotZero();
      }
      if (expected == 2) { // broker as sender: PUBREC -> PUBREL -> PUBCOMP [MQTT-4.3.3-3]
        sub.send(new PubRec(got.packetId()));
        assertThat(sub.expect(PubRel.class).packetId()).isEqualTo(got.packetId());
        sub.send(new PubComp(got.packetId()));
      } else if (expected == 1) {
        sub.send(new PubAck(got.packetId()));
      }
      sub.expectSilence(Duration.ofMillis(200)); // exactly one copy, no resend after the ack
      pub.expectSilence(Duration.ofMillis(1));
    }
  }

  @Test
  void qos2PublishIsForwardedOnceEvenIfTheClientResendsBeforePubrel() {
    String topic = Ids.topicRoot() + "/twice";
    try (RawClient sub = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      sub.connectOk(MqttVersion.V5, Ids.client("s"), true, 60);
      pub.connectOk(MqttVersion.V5, Ids.client("p"), true, 60);
      sub.subscribe(1, topic, 2);
      Publish p = new Publish(topic, 2, false, false, 99, MqttProperties.NONE, Packets.utf8("once"));
      pub.send(p);
      assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(99);
      pub.send(new Publish(topic, 2, false, true, 99, MqttProperties.NONE, Packets.utf8("once"))); // DUP resend
      assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(99); // [MQTT-4.3.3-9]
      pub.send(new PubRel(99));
      assertThat(pub.expect(PubComp.class).reasonCode()).isZero();
      assertThat(Packets.text(sub.receive())).isEqualTo("once");
      sub.expectSilence(Duration.ofMillis(300));
      // the id is free again: the same id now carries a new message
      pub.send(new Publish(topic, 2, false, false, 99, MqttProperties.NONE, Packets.utf8("again")));
      assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(99);
      pub.send(new PubRel(99));
      pub.expect(PubComp.class);
      assertThat(Packets.text(sub.receive())).isEqualTo("again");
    }
  }

  @Test
  void pubrelForAnUnknownIdIsAnsweredWithPacketIdentifierNotFound() {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("rel"), true, 60);
      c.send(new PubRel(7));
      PubComp comp = c.expect(PubComp.class);
      assertThat(comp.packetId()).isEqualTo(7);
      assertThat(comp.reasonCode()).isEqualTo(0x92);
    }
  }

  @Test
  void puback5CarriesNoMatchingSubscribersWhenNobodyListens() {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("nomatch"), true, 60);
      c.publish(Ids.topicRoot() + "/nobody", 1, 5, "x");
      PubAck ack = c.expect(PubAck.class);
      assertThat(ack.packetId()).isEqualTo(5);
      assertThat(ack.reasonCode()).isEqualTo(0x10);
    }
  }

  @Test
  void manyQos1MessagesArriveInOrder() {
    String topic = Ids.topicRoot() + "/order";
    try (RawClient sub = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      sub.connectOk(MqttVersion.V3_1_1, Ids.client("os"), true, 60);
      pub.connectOk(MqttVersion.V3_1_1, Ids.client("op"), true, 60);
      sub.subscribe(1, topic, 1);
      for (int i = 0; i < 200; i++) {
        pub.publish(topic, 1, i + 1, "n" + i);
      }
      for (int i = 0; i < 200; i++) { // ordered topic [MQTT-4.6.0-6]
        assertThat(Packets.text(sub.receive())).isEqualTo("n" + i);
      }
      for (int i = 0; i < 200; i++) {
        assertThat(pub.expect(PubAck.class).packetId()).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void manyPublishersToOneSubscriberAcrossEventLoops() throws Exception {
    String topic = Ids.topicRoot() + "/fanin";
    int publishers = 4;
    int each = 150;
    try (RawClient sub = RawClient.open(broker)) {
      sub.connectOk(MqttVersion.V5, Ids.client("fan"), true, 60);
      sub.subscribe(1, topic, 1);
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      java.util.Queue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int p = 0; p < publishers; p++) {
        int pn = p;
        Thread t = new Thread(() -> {
          try (RawClient pub = RawClient.open(broker)) {
            pub.connectOk(MqttVersion.V5, Ids.client("fp"), true, 60);
            for (int i = 0; i < each; i++) {
              pub.publish(topic, 1, i + 1, pn + ":" + i);
            }
            for (int i = 0; i < each; i++) {
              pub.expect(PubAck.class);
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
        threads.add(t);
        t.start();
      }
      int[] next = new int[publishers];
      for (int n = 0; n < publishers * each; n++) {
        String[] parts = Packets.text(sub.receive()).split(":");
        int pn = Integer.parseInt(parts[0]);
        assertThat(Integer.parseInt(parts[1])).as("order of publisher %d [MQTT-4.6.0-5]", pn).isEqualTo(next[pn]);
        next[pn]++;
      }
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(errors).isEmpty();
      sub.expectSilence(Duration.ofMillis(200));
    }
  }
}
