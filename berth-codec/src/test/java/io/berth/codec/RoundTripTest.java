package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every packet of every version survives encode → decode unchanged, and encodedSize is exact. */
class RoundTripTest {
  private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  @Provide
  Arbitrary<MqttPacket> v5() {
    return PacketArbitraries.packets(MqttVersion.V5);
  }

  @Provide
  Arbitrary<MqttPacket> v311() {
    return PacketArbitraries.packets(MqttVersion.V3_1_1);
  }

  @Provide
  Arbitrary<MqttPacket> v31() {
    return PacketArbitraries.packets(MqttVersion.V3_1);
  }

  @Property(tries = 2000)
  void mqtt5(@ForAll("v5") MqttPacket packet) {
    roundTrip(packet, MqttVersion.V5);
  }

  @Property(tries = 1000)
  void mqtt311(@ForAll("v311") MqttPacket packet) {
    roundTrip(packet, MqttVersion.V3_1_1);
  }

  @Property(tries = 300)
  void mqtt31(@ForAll("v31") MqttPacket packet) {
    roundTrip(packet, MqttVersion.V3_1);
  }

  static void roundTrip(MqttPacket packet, MqttVersion version) {
    ByteBuf wire = MqttEncoder.encode(ALLOC, packet, version);
    MqttPacket decoded = null;
    try {
      assertThat(wire.readableBytes()).isEqualTo(MqttEncoder.encodedSize(packet, version));
      MqttDecoder decoder = new MqttDecoder(Wire.MAX_VAR_INT + 5);
      decoder.setVersion(version);
      decoded = decoder.decode(wire);
      assertThat(decoded).isEqualTo(packet);
      assertThat(wire.isReadable()).isFalse();
    } finally {
      wire.release();
      if (decoded instanceof Publish p) {
        p.payload().release();
      }
    }
    if (packet instanceof Publish p) { // the encoder retained and released its view: the caller's reference is intact
      assertThat(p.payload().refCnt()).isEqualTo(1);
      assertThat(p.payload().readerIndex()).isZero();
    }
  }
}
