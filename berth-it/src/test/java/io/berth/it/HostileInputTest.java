package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile and malformed input over raw sockets. Each case checks the exact answer (an MQTT 5 DISCONNECT reason
 * code, a 3.1.1 close without any packet) and then that the broker still serves a new client.
 */
class HostileInputTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @AfterEach
  void brokerStillServesNewClients() {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("after"), true, 60);
      c.send(PingReq.INSTANCE);
      c.expect(PingResp.class);
      c.disconnect();
    }
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** A PUBLISH with a hand-made topic: first byte, topic bytes, packet id if QoS > 0, empty properties for 5. */
  static byte[] publish(int firstByte, byte[] topic, int packetId, boolean v5, String payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(topic.length >> 8);
    body.write(topic.length & 0xFF);
    body.writeBytes(topic);
    if (((firstByte >> 1) & 3) != 0) {
      body.write(packetId >> 8);
      body.write(packetId & 0xFF);
    }
    if (v5) {
      body.write(0); // property length
    }
    body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    out.write(body.size()); // all our bodies are < 128 bytes
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static RawClient connected(MqttVersion v) {
    RawClient c = RawClient.open(broker);
    c.connectOk(v, Ids.client("hostile"), true, 60);
    return c;
  }

  /** An MQTT 5 client sends {@code bytes}: the broker answers DISCONNECT {@code reason} and closes. */
  static void v5Refuses(byte[] bytes, int reason) {
    try (RawClient c = connected(MqttVersion.V5)) {
      c.sendBytes(bytes);
      List<MqttPacket> last = c.expectClosed(RawClient.WAIT);
      assertThat(last).as("packets before the close").singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).as("DISCONNECT reason code").isEqualTo(reason));
    }
  }

  /** A 3.1.1 client sends {@code bytes}: the broker closes without sending anything [MQTT-4.8.0-1]. */
  static void v311Closes(byte[] bytes) {
    try (RawClient c = connected(MqttVersion.V3_1_1)) {
      c.sendBytes(bytes);
      assertThat(c.readBytesUntilClosed(RawClient.WAIT)).isEmpty();
    }
  }

  /** Before CONNECT: the broker closes without a byte. */
  static void closedBeforeConnect(byte[] bytes) {
    try (RawClient c = RawClient.open(broker)) {
      c.sendBytes(bytes);
      assertThat(c.readBytesUntilClosed(RawClient.WAIT)).isEmpty();
    }
  }

  @Test
  void garbageBytes() {
    closedBeforeConnect("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    closedBeforeConnect(bytes(0x00, 0x00, 0x00, 0x00)); // reserved packet type 0
    closedBeforeConnect(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
  }

  @Test
  void fiveByteRemainingLength() {
    closedBeforeConnect(bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)); // [MQTT-1.5.5]: at most 4 bytes
    v5Refuses(bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), 0x81);
    v311Closes(bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
  }

  @Test
  void hugeRemainingLengthIsRefusedAtOnce() {
    byte[] max = bytes(0x30, 0xFF, 0xFF, 0xFF, 0x7F); // 268,435,455 bytes announced, none sent
    long start = System.nanoTime();
    closedBeforeConnect(bytes(0x10, 0xFF, 0xFF, 0xFF, 0x7F));
    v5Refuses(max, 0x95); // Packet Too Large, without waiting for the body
    v311Closes(max);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void packetOverMaximumButUnder256MbIsRefusedBeforeItsBody() {
    byte[] twoMb = bytes(0x30, 0x80, 0x80, 0x80, 0x01); // 2 MB > 1 MB default maximum
    v5Refuses(twoMb, 0x95);
  }

  @Test
  void secondConnect() {
    Connect5Bytes: {
      byte[] again = Packets.bytes(Packets.connectPacket(MqttVersion.V5, "again", true, 60, null,
          MqttProperties.NONE), MqttVersion.V5);
      v5Refuses(again, 0x82); // [MQTT-3.1.0-2]
    }
    v311Closes(Packets.bytes(Packets.connectPacket(MqttVersion.V3_1_1, "again", true, 60, null,
        MqttProperties.NONE), MqttVersion.V3_1_1));
  }

  @Test
  void publishBeforeConnect() {
    closedBeforeConnect(publish(0x30, "a/b".getBytes(StandardCharsets.UTF_8), 0, false, "x")); // [MQTT-3.1.0-1]
  }

  @Test
  void qos3Publish() {
    byte[] topic = "a/b".getBytes(StandardCharsets.UTF_8);
    v5Refuses(publish(0x36, topic, 1, true, "x"), 0x81); // [MQTT-3.3.1-4]
    v311Closes(publish(0x36, topic, 1, false, "x"));
  }

  @Test
  void dupOnQos0() {
    v5Refuses(publish(0x38, "a".getBytes(StandardCharsets.UTF_8), 0, true, "x"), 0x81); // [MQTT-3.3.1-2]
  }

  @Test
  void packetIdZeroOnQos1() {
    v5Refuses(publish(0x32, "a".getBytes(StandardCharsets.UTF_8), 0, true, "x"), 0x81); // [MQTT-2.2.1-3]
  }

  @ParameterizedTest
  @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
  void wildcardsInPublishTopic(MqttVersion v) {
    for (String topic : List.of("a/+", "a/#", "#", "+")) {
      byte[] p = publish(0x30, topic.getBytes(StandardCharsets.UTF_8), 0, v.isV5(), "x");
      if (v.isV5()) {
        v5Refuses(p, 0x90); // [MQTT-3.3.2-2]
      } else {
        v311Closes(p);
      }
    }
  }

  @Test
  void invalidUtf8InTopic() {
    byte[] bad = bytes('a', '/', 0xC3, 0x28); // 0xC3 must be followed by a continuation byte
    byte[] surrogate = bytes('a', 0xED, 0xA0, 0x80); // U+D800 encoded [MQTT-1.5.4-1]
    byte[] nul = bytes('a', 0x00, 'b'); // U+0000 [MQTT-1.5.4-2]
    for (byte[] topic : List.of(bad, surrogate, nul)) {
      v5Refuses(publish(0x30, topic, 0, true, "x"), 0x81);
      v311Closes(publish(0x30, topic, 0, false, "x"));
    }
  }

  @Test
  void unsupportedProtocolLevelGetsConnack01InThe311Format() {
    // "MQTT" level 6, Clean Start, Keep Alive 60, empty client id [MQTT-3.1.2-2]
    byte[] level6 = bytes(0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x06, 0x02, 0x00, 0x3C, 0x00, 0x00);
    byte[] badName = bytes(0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'X', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00);
    byte[] mqisdp4 = bytes(0x10, 0x0E, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x04, 0x02, 0x00, 0x3C, 0x00,
        0x00);
    for (byte[] connect : List.of(level6, badName, mqisdp4)) {
      try (RawClient c = RawClient.open(broker)) {
        c.sendBytes(connect);
        assertThat(c.readBytesUntilClosed(RawClient.WAIT)).containsExactly(0x20, 0x02, 0x00, 0x01);
      }
    }
  }

  @Test
  void reservedConnectFlag() {
    // 3.1.1 CONNECT with the reserved flag bit 0 set [MQTT-3.1.2-3]: malformed, closed without CONNACK 0x00
    closedBeforeConnect(bytes(0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x03, 0x00, 0x3C, 0x00, 0x00));
  }

  @Test
  void wrongFixedHeaderFlags() {
    // SUBSCRIBE must have flags 0010 [MQTT-3.8.1-1]
    byte[] subscribe = bytes(0x80, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x00);
    v5Refuses(subscribe, 0x81);
    v311Closes(bytes(0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x00));
  }

  @Test
  void serverOnlyPacketsFromAClient() {
    v5Refuses(Packets.bytes(new Connack(false, 0, MqttProperties.NONE), MqttVersion.V5), 0x82);
    v5Refuses(Packets.bytes(PingResp.INSTANCE, MqttVersion.V5), 0x82);
  }

  @Test
  void subscribeWithoutFilters() {
    v5Refuses(bytes(0x82, 0x03, 0x00, 0x01, 0x00), 0x82); // [MQTT-3.8.3-2]
  }

  @Test
  void manyConnectionsOpenedAndDroppedLeaveTheBrokerHealthy() {
    for (int i = 0; i < 50; i++) {
      try (RawClient c = RawClient.open(broker)) {
        c.sendBytes(bytes(0x10, 0x10, 0x00, 0x04)); // half a CONNECT, then gone
      }
    }
  }

  @Test
  void disconnectMayNotSetAnExpiryAfterZero() {
    byte[] disconnect = Packets.bytes(new Disconnect(0, MqttProperties.builder()
        .set(io.berth.codec.Property.SESSION_EXPIRY_INTERVAL, 60L).build()), MqttVersion.V5);
    v5Refuses(disconnect, 0x82); // [MQTT-3.14.2-2]
  }

  @Test
  void willWithWildcardTopicIsRefused() {
    try (RawClient c = RawClient.open(broker)) {
      Connack ack = c.connect(Packets.connectPacket(MqttVersion.V5, Ids.client("badwill"), true, 60,
          new io.berth.codec.packet.Will("a/#", new byte[] {1}, 0, false, MqttProperties.NONE), MqttProperties.NONE));
      assertThat(ack.reasonCode()).isEqualTo(0x90); // Topic Name invalid
      assertThat(c.expectClosed(RawClient.WAIT)).isEmpty(); // [MQTT-3.2.2-7]
    }
  }

  @Test
  void receiveMaximumZeroIsNotAccepted() {
    try (RawClient c = RawClient.open(broker)) {
      c.send(Packets.connectPacket(MqttVersion.V5, Ids.client("rm0"), true, 60, null,
          MqttProperties.builder().set(io.berth.codec.Property.RECEIVE_MAXIMUM, 0).build()));
      byte[] answer = c.readBytesUntilClosed(RawClient.WAIT); // a Protocol Error (3.1.2.11.3)
      assertThat(answer.length == 0 || (answer[0] == 0x20 && (answer[3] & 0xFF) >= 0x80))
          .as("closed with no CONNACK or a failing one, got %s", java.util.Arrays.toString(answer)).isTrue();
    }
  }

  @Test
  void tooManyQos2AwaitingPubrel() {
    try (RawClient c = connected(MqttVersion.V5)) {
      for (int i = 1; i <= 100; i++) { // max_awaiting_rel 100: the broker keeps 100 ids waiting for PUBREL
        c.send(new io.berth.codec.packet.Publish("q2/flood", 2, false, false, i, MqttProperties.NONE,
            Packets.utf8("x")));
        assertThat(c.expect(io.berth.codec.packet.PubRec.class).packetId()).isEqualTo(i);
      }
      c.send(new io.berth.codec.packet.Publish("q2/flood", 2, false, false, 101, MqttProperties.NONE,
          Packets.utf8("x")));
      assertThat(c.expectClosed(RawClient.WAIT)).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x93)); // Receive Maximum exceeded
    }
  }
}
