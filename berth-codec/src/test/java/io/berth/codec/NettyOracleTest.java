package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Unsuback;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Netty's netty-codec-mqtt as an oracle: what Berth encodes, Netty decodes to the same fields, and what Netty encodes,
 * Berth decodes to the same packet. Packets are restricted to what Netty can represent: it rejects '+' and '#' in PUBLISH
 * topics and empty or over-long will topics, and knows only the named CONNACK/SUBACK/UNSUBACK reason codes. Random
 * packets from {@link RandomPackets}, seeded: see {@link RandomCases} for the seed and count system properties.
 */
class NettyOracleTest {

  private static final int CASES = 300;

  @TestFactory
  Stream<DynamicTest> berthToNettyV5() {
    return cases("Berth → Netty 5", MqttVersion.V5, packet -> berthToNetty(packet, MqttVersion.V5));
  }

  @TestFactory
  Stream<DynamicTest> nettyToBerthV5() {
    return cases("Netty → Berth 5", MqttVersion.V5, packet -> nettyToBerth(packet, MqttVersion.V5));
  }

  @TestFactory
  Stream<DynamicTest> berthToNettyV311() {
    return cases("Berth → Netty 3.1.1", MqttVersion.V3_1_1, packet -> berthToNetty(packet, MqttVersion.V3_1_1));
  }

  @TestFactory
  Stream<DynamicTest> nettyToBerthV311() {
    return cases("Netty → Berth 3.1.1", MqttVersion.V3_1_1, packet -> nettyToBerth(packet, MqttVersion.V3_1_1));
  }

  /** Random packets Netty can carry: each case draws until one fits. */
  private static Stream<DynamicTest> cases(String key, MqttVersion version, ThrowingConsumer<MqttPacket> check) {
    return RandomCases.of(
        key,
        CASES,
        random -> {
          RandomPackets packets = new RandomPackets(random, version);
          MqttPacket p;
          do {
            p = packets.packet();
          } while (!nettyCanCarry(p));
          return p;
        },
        check);
  }

  static boolean nettyCanCarry(MqttPacket p) {
    if (p instanceof Publish pub) {
      return noWildcards(pub.topic());
    }
    if (p instanceof Connect c && c.will() != null) { // Netty's encoder wants a will topic it could publish to
      String topic = c.will().topic();
      // and Netty's decoder reads a will topic over 32,767 bytes as null
      return !topic.isEmpty() && noWildcards(topic) && ByteBufUtil.utf8Bytes(topic) <= Short.MAX_VALUE;
    }
    if (p instanceof Suback s) { // Netty maps codes to its enums and fails on unnamed ones
      return s.reasonCodes().stream().allMatch(c -> named(() -> MqttReasonCodes.SubAck.valueOf((byte) (int) c)));
    }
    if (p instanceof Unsuback u) {
      return u.reasonCodes().stream().allMatch(c -> named(() -> MqttReasonCodes.UnsubAck.valueOf((byte) (int) c)));
    }
    if (p instanceof Connack c) {
      return named(() -> MqttConnectReturnCode.valueOf((byte) c.reasonCode()));
    }
    return true;
  }

  private static boolean noWildcards(String topic) {
    return topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
  }

  private static boolean named(java.util.function.Supplier<Object> lookup) {
    try {
      return lookup.get() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void berthToNetty(MqttPacket packet, MqttVersion version) {
    EmbeddedChannel ch = new EmbeddedChannel(new io.netty.handler.codec.mqtt.MqttDecoder(1 << 20));
    ch.attr(NettyConversions.VERSION_KEY).set(NettyConversions.toNetty(version));
    ByteBuf wire = MqttEncoder.encode(ByteBufAllocator.DEFAULT, packet, version);
    ch.writeInbound(wire); // Netty releases it
    MqttMessage m = ch.readInbound();
    try {
      assertThat(m.decoderResult().cause()).isNull();
      assertThat(NettyConversions.fromNetty(m, version)).isEqualTo(packet);
      assertThat(ch.inboundMessages()).isEmpty();
    } finally {
      if (m.payload() instanceof ByteBuf b) {
        b.release();
      }
      ch.finishAndReleaseAll();
    }
  }

  private static void nettyToBerth(MqttPacket packet, MqttVersion version) {
    EmbeddedChannel ch = new EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
    ch.attr(NettyConversions.VERSION_KEY).set(NettyConversions.toNetty(version));
    ch.writeOutbound(NettyConversions.toNetty(packet));
    CompositeByteBuf wire = Unpooled.compositeBuffer();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      wire.addComponent(true, (ByteBuf) o);
    }
    MqttDecoder decoder = new MqttDecoder(1 << 20);
    decoder.setVersion(version);
    MqttPacket decoded = decoder.decode(wire);
    try {
      assertThat(decoded).isEqualTo(packet);
      assertThat(wire.isReadable()).isFalse();
    } finally {
      wire.release();
      if (decoded instanceof Publish p) {
        p.payload().release();
      }
      ch.finishAndReleaseAll();
    }
  }
}
