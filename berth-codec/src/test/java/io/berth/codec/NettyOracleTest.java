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
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Netty's netty-codec-mqtt as an oracle: what Berth encodes, Netty decodes to the same fields, and what Netty encodes,
 * Berth decodes to the same packet. Packets are restricted to what Netty can represent: it rejects '+' and '#' in PUBLISH
 * topics and empty will topics, and knows only the named CONNACK/SUBACK/UNSUBACK reason codes.
 */
class NettyOracleTest {

  @Provide
  Arbitrary<MqttPacket> v5() {
    return PacketArbitraries.packets(MqttVersion.V5).filter(NettyOracleTest::nettyCanCarry);
  }

  @Provide
  Arbitrary<MqttPacket> v311() {
    return PacketArbitraries.packets(MqttVersion.V3_1_1).filter(NettyOracleTest::nettyCanCarry);
  }

  static boolean nettyCanCarry(MqttPacket p) {
    if (p instanceof Publish pub) {
      return pub.topic().indexOf('+') < 0 && pub.topic().indexOf('#') < 0;
    }
    if (p instanceof Connect c && c.will() != null && c.will().topic().isEmpty()) {
      return false; // Netty's encoder refuses an empty will topic
    }
    if (p instanceof Suback s) { // Netty maps codes to its enum and fails on unnamed ones
      return s.reasonCodes().stream().allMatch(c -> MqttReasonCodes.SubAck.valueOf((byte) (int) c) != null);
    }
    if (p instanceof Unsuback u) {
      return u.reasonCodes().stream().allMatch(c -> MqttReasonCodes.UnsubAck.valueOf((byte) (int) c) != null);
    }
    if (p instanceof Connack c) {
      try {
        MqttConnectReturnCode.valueOf((byte) c.reasonCode());
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 1000)
  void berthToNettyV5(@ForAll("v5") MqttPacket packet) {
    berthToNetty(packet, MqttVersion.V5);
  }

  @Property(tries = 1000)
  void nettyToBerthV5(@ForAll("v5") MqttPacket packet) {
    nettyToBerth(packet, MqttVersion.V5);
  }

  @Property(tries = 500)
  void berthToNettyV311(@ForAll("v311") MqttPacket packet) {
    berthToNetty(packet, MqttVersion.V3_1_1);
  }

  @Property(tries = 500)
  void nettyToBerthV311(@ForAll("v311") MqttPacket packet) {
    nettyToBerth(packet, MqttVersion.V3_1_1);
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
