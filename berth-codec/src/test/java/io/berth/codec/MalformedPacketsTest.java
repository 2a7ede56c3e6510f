package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.berth.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Every malformation in malformed-packets.csv is refused with its reason code, naming the packet's type. */
class MalformedPacketsTest {
  static final int MAX_PACKET_SIZE = 1 << 20;

  @ParameterizedTest(name = "[{1}] {0}")
  @CsvFileSource(resources = "malformed-packets.csv", numLinesToSkip = 1)
  void refused(String name, String spec, String version, String hex, String reason) {
    byte[] bytes = ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    MqttDecoder decoder = new MqttDecoder(MAX_PACKET_SIZE);
    decoder.setVersion(version(version));
    try {
      MqttDecodeException e = catchThrowableOfType(MqttDecodeException.class, () -> decodeAll(decoder, in));
      assertThat(e).as("%s must be refused", name).isNotNull();
      assertThat(e.reasonCode()).as("reason code of %s", e).isEqualTo(Integer.decode(reason));
      assertThat(e.packetType()).as("packet type of %s", e).isEqualTo((bytes[0] & 0xFF) >>> 4);
      assertThat(e.getStackTrace()).as("no stack trace captured").isEmpty();
    } finally {
      in.release();
    }
  }

  /** Decodes until the input is exhausted: a decoder that waits for more bytes instead of refusing fails. */
  private static void decodeAll(MqttDecoder decoder, ByteBuf in) {
    while (in.isReadable()) {
      MqttPacket p = decoder.decode(in);
      if (p == null) {
        return;
      }
      if (p instanceof io.berth.codec.packet.Publish pub) {
        pub.payload().release();
      }
    }
  }

  static MqttVersion version(String label) {
    return switch (label) {
      case "none" -> null;
      case "3.1" -> MqttVersion.V3_1;
      case "3.1.1" -> MqttVersion.V3_1_1;
      case "5" -> MqttVersion.V5;
      default -> throw new IllegalArgumentException(label);
    };
  }
}
