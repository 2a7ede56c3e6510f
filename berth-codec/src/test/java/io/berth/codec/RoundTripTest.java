package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every packet of every version survives encode → decode unchanged, and encodedSize is exact. Random packets from
 * {@link RandomPackets}, seeded: see {@link RandomCases} for the seed and count system properties.
 */
class RoundTripTest {
  private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
  private static final int CASES = 1000;

  @TestFactory
  Stream<DynamicTest> mqtt5() {
    return roundTrips(MqttVersion.V5);
  }

  @TestFactory
  Stream<DynamicTest> mqtt311() {
    return roundTrips(MqttVersion.V3_1_1);
  }

  @TestFactory
  Stream<DynamicTest> mqtt31() {
    return roundTrips(MqttVersion.V3_1);
  }

  private static Stream<DynamicTest> roundTrips(MqttVersion version) {
    return RandomCases.of(
        "round trip " + version.label(),
        CASES,
        random -> new RandomPackets(random, version).packet(),
        packet -> roundTrip(packet, version));
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
