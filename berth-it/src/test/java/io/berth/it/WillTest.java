package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.UserProperty;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Will messages (MQTT 3.1.2.5, 3.1.3.2): when they go out, when they do not, and the MQTT 5 Will Delay. */
class WillTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  static Will will(String topic, String payload, MqttProperties props) {
    return new Will(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false, props);
  }

  static RawClient listener(String topic, MqttVersion v) {
    RawClient l = RawClient.open(broker);
    l.connectOk(v, Ids.client("listen"), true, 60);
    l.subscribe(1, topic, 1);
    return l;
  }

  static RawClient withWill(MqttVersion v, String id, Will w, boolean clean, int keepAlive, MqttProperties props) {
    RawClient c = RawClient.open(broker);
    assertThat(c.connect(Packets.connectPacket(v, id, clean, keepAlive, w, props)).reasonCode()).isZero();
    return c;
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void publishedWhenTheSocketCloses(MqttVersion v) {
    String topic = Ids.topicRoot() + "/will";
    try (RawClient l = listener(topic, MqttVersion.V3_1_1)) {
      RawClient c = withWill(v, Ids.client("w"), will(topic, "gone " + v, MqttProperties.NONE), true, 60,
          MqttProperties.NONE);
      c.close(); // FIN without DISCONNECT [MQTT-3.1.2-8]
      Publish p = l.receive();
      assertThat(Packets.text(p)).isEqualTo("gone " + v);
      assertThat(p.qos()).isEqualTo(1);
    }
  }

  @Test
  void publishedWhenTheClientIsKilled() {
    String topic = Ids.topicRoot() + "/will";
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient c = withWill(MqttVersion.V5, Ids.client("k"), will(topic, "killed", MqttProperties.NONE), true, 60,
          MqttProperties.NONE);
      c.kill(); // RST
      assertThat(Packets.text(l.receive())).isEqualTo("killed");
    }
  }

  @Test
  void publishedOnKeepAliveTimeout() {
    String topic = Ids.topicRoot() + "/will";
    long start = System.nanoTime(); // before the CONNECT starts the broker's keep-alive timer
    try (RawClient l = listener(topic, MqttVersion.V5);
        RawClient c = withWill(MqttVersion.V3_1_1, Ids.client("silent"), will(topic, "timed out",
            MqttProperties.NONE), true, 1, MqttProperties.NONE)) {
      c.expectClosed(Duration.ofSeconds(4)); // 1.5 × Keep Alive [MQTT-3.1.2-24]
      Duration after = Duration.ofNanos(System.nanoTime() - start);
      assertThat(after).isBetween(Duration.ofMillis(1300), Duration.ofMillis(3000));
      assertThat(Packets.text(l.receive())).isEqualTo("timed out");
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void notPublishedOnNormalDisconnect(MqttVersion v) {
    String topic = Ids.topicRoot() + "/will";
    try (RawClient l = listener(topic, MqttVersion.V3_1_1)) {
      RawClient c = withWill(v, Ids.client("n"), will(topic, "must not appear", MqttProperties.NONE), true, 60,
          MqttProperties.NONE);
      c.disconnect(); // [MQTT-3.1.2-10]
      l.expectSilence(Duration.ofMillis(500));
    }
  }

  @Test
  void publishedOnDisconnectWithWillMessage() {
    String topic = Ids.topicRoot() + "/will";
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient c = withWill(MqttVersion.V5, Ids.client("dw"), will(topic, "asked for", MqttProperties.NONE), true,
          60, MqttProperties.NONE);
      c.send(new Disconnect(0x04, MqttProperties.NONE)); // Disconnect with Will Message
      c.expectClosed(RawClient.WAIT);
      c.close();
      assertThat(Packets.text(l.receive())).isEqualTo("asked for");
    }
  }

  @Test
  void willPropertiesAndRetainAreKept() {
    String topic = Ids.topicRoot() + "/will";
    MqttProperties props = MqttProperties.builder().set(Property.CONTENT_TYPE, "text/plain")
        .set(Property.PAYLOAD_FORMAT_INDICATOR, 1).set(Property.RESPONSE_TOPIC, "back")
        .addUserProperty("k", "v").build();
    Will w = new Will(topic, "retained will".getBytes(StandardCharsets.UTF_8), 1, true, props);
    RawClient c = withWill(MqttVersion.V5, Ids.client("wp"), w, true, 60, MqttProperties.NONE);
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      c.close();
      Publish p = l.receive();
      assertThat(p.properties().string(Property.CONTENT_TYPE)).isEqualTo("text/plain");
      assertThat(p.properties().intValue(Property.PAYLOAD_FORMAT_INDICATOR, 0)).isEqualTo(1);
      assertThat(p.properties().string(Property.RESPONSE_TOPIC)).isEqualTo("back");
      assertThat(p.properties().userProperties()).containsExactly(new UserProperty("k", "v"));
    }
    try (RawClient late = listener(topic, MqttVersion.V5)) {
      Publish p = late.receive();
      assertThat(p.retain()).isTrue();
      assertThat(Packets.text(p)).isEqualTo("retained will");
      late.send(new Publish(topic, 0, true, false, 0, MqttProperties.NONE, Packets.utf8(""))); // clear
      late.expect(Publish.class); // the empty message to itself
    }
  }

  @Test
  void willDelayDefersIt() {
    String topic = Ids.topicRoot() + "/will";
    MqttProperties delay1 = MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, 1L).build();
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient c = withWill(MqttVersion.V5, Ids.client("wd"), will(topic, "late", delay1), true, 60,
          SessionTest.expiry(30));
      long start = System.nanoTime();
      c.close();
      Publish p = l.receive();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("Will Delay Interval 1 s [MQTT-3.1.3-9]")
          .isGreaterThan(Duration.ofMillis(900));
      assertThat(Packets.text(p)).isEqualTo("late");
    }
  }

  @Test
  void willDelayReconnectInTimeSuppressesIt() {
    String topic = Ids.topicRoot() + "/will";
    String id = Ids.client("wr");
    MqttProperties delay1 = MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, 1L).build();
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient c = withWill(MqttVersion.V5, id, will(topic, "must not appear", delay1), true, 60,
          SessionTest.expiry(30));
      c.close();
      try (RawClient again = withWill(MqttVersion.V5, id, null, false, 60, SessionTest.expiry(0))) {
        l.expectSilence(Duration.ofMillis(1600)); // the delay passed with the session resumed
        again.disconnect();
      }
      l.expectSilence(Duration.ofMillis(100));
    }
  }

  @Test
  void willDelayLongerThanSessionExpiryGoesOutWhenTheSessionEnds() {
    String topic = Ids.topicRoot() + "/will";
    MqttProperties delay60 = MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, 60L).build();
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient c = withWill(MqttVersion.V5, Ids.client("we"), will(topic, "session over", delay60), true, 60,
          SessionTest.expiry(1));
      c.close();
      // whichever comes first: the session ending after 1 s [MQTT-3.1.3-9]
      Publish p = l.expect(Publish.class, Duration.ofSeconds(4));
      assertThat(Packets.text(p)).isEqualTo("session over");
      l.ack(p);
    }
  }

  @Test
  void takeoverPublishesTheOldConnectionsWill() {
    String topic = Ids.topicRoot() + "/will";
    String id = Ids.client("wt");
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient first = withWill(MqttVersion.V3_1_1, id, will(topic, "taken over", MqttProperties.NONE), true, 60,
          MqttProperties.NONE);
      try (RawClient second = withWill(MqttVersion.V3_1_1, id, null, true, 60, MqttProperties.NONE)) {
        first.expectClosed(RawClient.WAIT);
        first.close();
        assertThat(Packets.text(l.receive())).isEqualTo("taken over"); // [MQTT-3.1.4-3]
        second.disconnect();
      }
    }
  }

  @Test
  void willDelayWithoutSessionExpiryGoesOutAtOnce() {
    String topic = Ids.topicRoot() + "/will";
    MqttProperties delay60 = MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, 60L).build();
    try (RawClient l = listener(topic, MqttVersion.V5)) {
      RawClient c = withWill(MqttVersion.V5, Ids.client("w0"), will(topic, "no session to wait for", delay60), true,
          60, MqttProperties.NONE);
      c.close(); // session expiry 0: the session ends now, and with it the delay [MQTT-3.1.3-9]
      // within RawClient.WAIT (5 s): far from the 60 s delay it would otherwise wait
      assertThat(Packets.text(l.expect(Publish.class, RawClient.WAIT))).isEqualTo("no session to wait for");
    }
  }
}
