package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sessions (MQTT 4.1): clean and persistent, expiry, redelivery and QoS 2 state. Takeover: see TakeoverTest. */
class SessionTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  static MqttProperties expiry(long seconds) {
    return MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, seconds).build();
  }

  /** A persistent session: 3.1.1 Clean Session 0, or MQTT 5 Clean Start 0 with a session expiry of 60 s. */
  static Connack connectPersistent(RawClient c, MqttVersion v, String id, boolean cleanStart) {
    Connack ack = c.connect(Packets.connectPacket(v, id, cleanStart, 60, null,
        v.isV5() ? expiry(60) : MqttProperties.NONE));
    assertThat(ack.reasonCode()).isZero();
    return ack;
  }

  /** Ends a session left behind by a test: a clean connection takes it over and discards it. */
  static void endSession(Broker broker, MqttVersion v, String id) {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(v, id, true, 60);
      c.disconnect();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().core().sessions().get(id) == null);
  }

  static void publish(Broker broker, String topic, int qos, String payload) {
    try (RawClient p = RawClient.open(broker)) {
      p.connectOk(MqttVersion.V3_1_1, Ids.client("pub"), true, 60);
      p.publishAndComplete(topic, qos, payload);
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void cleanSessionStartsEmpty(MqttVersion v) {
    String id = Ids.client("clean");
    String topic = Ids.topicRoot() + "/c";
    try (RawClient c = RawClient.open(broker)) {
      assertThat(c.connectOk(v, id, true, 60).sessionPresent()).isFalse();
      c.subscribe(1, topic, 1);
      c.disconnect();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().core().sessions().get(id) == null);
    publish(broker, topic, 1, "lost");
    try (RawClient c = RawClient.open(broker)) {
      assertThat(c.connectOk(v, id, v == MqttVersion.V5, 60).sessionPresent()).isFalse(); // [MQTT-3.2.2-2]
      c.expectSilence(Duration.ofMillis(300));
      publish(broker, topic, 1, "not subscribed");
      c.expectSilence(Duration.ofMillis(300)); // no subscription survived
      c.disconnect();
    }
  }

  @ParameterizedTest
  @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
  void persistentSessionKeepsSubscriptionsAndQueuesMessages(MqttVersion v) {
    String id = Ids.client("persist");
    String topic = Ids.topicRoot() + "/p";
    try (RawClient c = RawClient.open(broker)) {
      // a new identifier: no session yet, so Clean Session 0 starts an empty one (3.1.1 needs 0 to persist)
      assertThat(connectPersistent(c, v, id, false).sessionPresent()).isFalse();
      c.subscribe(1, topic, 2);
      c.disconnect();
    }
    publish(broker, topic, 1, "one");
    publish(broker, topic, 2, "two");
    try (RawClient c = RawClient.open(broker)) {
      assertThat(connectPersistent(c, v, id, false).sessionPresent()).as("[MQTT-3.2.2-3]").isTrue();
      Publish first = c.receive();
      Publish second = c.receive();
      assertThat(List.of(Packets.text(first), Packets.text(second))).containsExactly("one", "two");
      assertThat(first.qos()).isEqualTo(1);
      assertThat(second.qos()).isEqualTo(2);
      publish(broker, topic, 1, "live"); // the subscription itself survived [MQTT-3.1.2-5]
      assertThat(Packets.text(c.receive())).isEqualTo("live");
      c.disconnect();
    }
    endSession(broker, v, id);
  }

  @Test
  void v5CleanStartZeroWithoutExpiryKeepsNothing() {
    String id = Ids.client("noexp");
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, id, false, 60); // expiry absent = 0: the session ends with the connection
      c.subscribe(1, "x/" + id, 1);
      c.disconnect();
    }
    try (RawClient c = RawClient.open(broker)) {
      assertThat(c.connectOk(MqttVersion.V5, id, false, 60).sessionPresent()).isFalse();
      c.disconnect();
    }
  }

  @Test
  void sessionExpires() {
    String id = Ids.client("exp");
    long closed;
    try (RawClient c = RawClient.open(broker)) {
      assertThat(c.connect(Packets.connectPacket(MqttVersion.V5, id, true, 60, null, expiry(2))).reasonCode())
          .isZero();
      c.subscribe(1, "exp/" + id, 1);
      closed = System.nanoTime(); // before the broker sees the DISCONNECT: a stall here cannot make it look early
      c.disconnect();
    }
    assertThat(broker.server().core().sessions().get(id)).as("kept after disconnect").isNotNull();
    await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(50))
        .until(() -> broker.server().core().sessions().get(id) == null);
    assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("expired after its interval")
        .isGreaterThan(Duration.ofMillis(1800));
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connect(Packets.connectPacket(MqttVersion.V5, id, false, 60, null, expiry(1)));
      assertThat(ack.sessionPresent()).isFalse();
      c.send(new Disconnect(0, expiry(0)));
      c.expectClosed(RawClient.WAIT);
    }
  }

  @Test
  void reconnectBeforeExpiryResumes() {
    String id = Ids.client("resume");
    try (RawClient c = RawClient.open(broker)) {
      c.connect(Packets.connectPacket(MqttVersion.V5, id, true, 60, null, expiry(2)));
      c.disconnect();
    }
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connect(Packets.connectPacket(MqttVersion.V5, id, false, 60, null, expiry(2)));
      assertThat(ack.sessionPresent()).isTrue();
      c.send(new Disconnect(0, expiry(0))); // DISCONNECT may shorten the expiry: ends it now
      c.expectClosed(RawClient.WAIT);
    }
    await().atMost(Duration.ofSeconds(1)).until(() -> broker.server().core().sessions().get(id) == null);
  }

  @ParameterizedTest
  @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
  void unackedQos1IsResentWithDupAfterReconnect(MqttVersion v) {
    String id = Ids.client("dup");
    String topic = Ids.topicRoot() + "/d";
    int packetId;
    try (RawClient c = RawClient.open(broker)) {
      connectPersistent(c, v, id, false);
      c.subscribe(1, topic, 1);
      publish(broker, topic, 1, "ack me");
      Publish p = c.expect(Publish.class); // not acknowledged
      assertThat(p.dup()).isFalse();
      packetId = p.packetId();
    } // dropped without DISCONNECT
    try (RawClient c = RawClient.open(broker)) {
      assertThat(connectPersistent(c, v, id, false).sessionPresent()).isTrue();
      Publish again = c.expect(Publish.class); // [MQTT-4.4.0-1]
      assertThat(again.packetId()).isEqualTo(packetId);
      assertThat(again.dup()).as("DUP on a redelivery [MQTT-3.3.1-1]").isTrue();
      assertThat(again.qos()).isEqualTo(1);
      assertThat(Packets.text(again)).isEqualTo("ack me");
      c.ack(again);
      c.expectSilence(Duration.ofMillis(300));
      c.disconnect();
    }
    endSession(broker, v, id);
  }

  @Test
  void releasedQos2IsResentAsPubrelAfterReconnect() {
    String id = Ids.client("rel");
    String topic = Ids.topicRoot() + "/r";
    int packetId;
    try (RawClient c = RawClient.open(broker)) {
      connectPersistent(c, MqttVersion.V3_1_1, id, false);
      c.subscribe(1, topic, 2);
      publish(broker, topic, 2, "q2");
      Publish p = c.expect(Publish.class);
      packetId = p.packetId();
      c.send(new PubRec(packetId));
      assertThat(c.expect(PubRel.class).packetId()).isEqualTo(packetId);
    } // dropped before PUBCOMP
    try (RawClient c = RawClient.open(broker)) {
      connectPersistent(c, MqttVersion.V3_1_1, id, false);
      assertThat(c.expect(PubRel.class).packetId()).isEqualTo(packetId); // [MQTT-4.4.0-1]: PUBREL, not PUBLISH
      c.send(new PubComp(packetId));
      c.expectSilence(Duration.ofMillis(300));
      c.disconnect();
    }
    endSession(broker, MqttVersion.V3_1_1, id);
  }

  @Test
  void qos2ExactlyOnceAcrossPublisherReconnect() {
    String id = Ids.client("q2pub");
    String topic = Ids.topicRoot() + "/x";
    try (RawClient sub = RawClient.open(broker)) {
      sub.connectOk(MqttVersion.V3_1_1, Ids.client("q2sub"), true, 60);
      sub.subscribe(1, topic, 2);
      try (RawClient pub = RawClient.open(broker)) {
        connectPersistent(pub, MqttVersion.V3_1_1, id, false);
        pub.send(new Publish(topic, 2, false, false, 10, MqttProperties.NONE, Packets.utf8("exactly once")));
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(10);
      } // dropped before PUBREL
      assertThat(Packets.text(sub.receive())).isEqualTo("exactly once");
      try (RawClient pub = RawClient.open(broker)) {
        assertThat(connectPersistent(pub, MqttVersion.V3_1_1, id, false).sessionPresent()).isTrue();
        pub.send(new Publish(topic, 2, false, true, 10, MqttProperties.NONE, Packets.utf8("exactly once")));
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(10);
        sub.expectSilence(Duration.ofMillis(300)); // not forwarded again [MQTT-4.3.3-10]
        pub.send(new PubRel(10));
        PubComp comp = pub.expect(PubComp.class);
        assertThat(comp.packetId()).isEqualTo(10);
        pub.disconnect();
      }
      sub.expectSilence(Duration.ofMillis(100));
    }
    endSession(broker, MqttVersion.V3_1_1, id);
  }

  @Test
  void offlineQueueKeepsTheNewestUpToItsLimit() {
    Settings s = Settings.defaults();
    s.maxMqueueLen = 5;
    try (RunningBroker small = RunningBroker.start(s.build())) {
      String id = Ids.client("q");
      String topic = Ids.topicRoot() + "/q";
      try (RawClient c = RawClient.open(small)) {
        c.connectOk(MqttVersion.V3_1_1, id, false, 60);
        c.subscribe(1, topic, 1);
        c.disconnect();
      }
      try (RawClient p = RawClient.open(small)) {
        p.connectOk(MqttVersion.V3_1_1, Ids.client("qp"), true, 60);
        for (int i = 0; i < 10; i++) {
          p.publishAndComplete(topic, 1, "m" + i);
        }
      }
      try (RawClient c = RawClient.open(small)) {
        assertThat(c.connectOk(MqttVersion.V3_1_1, id, false, 60).sessionPresent()).isTrue();
        List<String> got = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
          got.add(Packets.text(c.receive()));
        }
        c.expectSilence(Duration.ofMillis(300));
        assertThat(got).containsExactly("m5", "m6", "m7", "m8", "m9"); // the oldest were dropped
        c.disconnect();
      }
      try (RawClient c = RawClient.open(small)) {
        c.connectOk(MqttVersion.V3_1_1, id, true, 60);
        c.disconnect();
      }
    }
  }

  @Test
  void resumedSessionDoesNotExpireWhileConnected() throws InterruptedException {
    String id = Ids.client("alive");
    String topic = Ids.topicRoot() + "/a";
    try (RawClient c = RawClient.open(broker)) {
      c.connect(Packets.connectPacket(MqttVersion.V5, id, true, 60, null, expiry(1)));
      c.subscribe(1, topic, 1);
      c.disconnect();
    }
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connect(Packets.connectPacket(MqttVersion.V5, id, false, 60, null, expiry(1)));
      assertThat(ack.sessionPresent()).isTrue();
      Thread.sleep(1500); // past the expiry interval, connected all along: the timer must have been cancelled
      assertThat(broker.server().core().sessions().get(id)).isNotNull();
      publish(broker, topic, 1, "still subscribed");
      assertThat(Packets.text(c.receive())).isEqualTo("still subscribed");
      c.send(new Disconnect(0, expiry(0)));
      c.expectClosed(RawClient.WAIT);
    }
  }

  @Test
  void pahoV3PersistentSessionGetsWhatWasQueued() throws Exception {
    String id = Ids.client("pahop");
    String topic = Ids.topicRoot() + "/paho";
    var opts = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    opts.setCleanSession(false);
    var got = new java.util.concurrent.LinkedBlockingQueue<String>();
    var client = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(), id,
        new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String t, org.eclipse.paho.client.mqttv3.MqttMessage m) {
        got.add(new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8) + " q" + m.getQos());
      }

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
    });
    client.connect(opts);
    client.subscribe(topic, 2);
    client.disconnect();
    publish(broker, topic, 1, "a");
    publish(broker, topic, 2, "b");
    client.connect(opts);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("a q1");
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("b q2");
    client.disconnect();
    client.close();
    endSession(broker, MqttVersion.V3_1_1, id);
  }
}
