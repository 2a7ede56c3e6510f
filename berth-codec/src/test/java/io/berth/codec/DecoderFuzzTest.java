package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile bytes: the decoder may only return packets, return null or throw {@link MqttDecodeException}; anything else
 * (an index error, a leak-prone state, a packet that does not re-encode to itself) is a bug. The same bytes fed whole
 * and in small chunks must give the same outcome. Byte 0 picks the connection (fresh, 3.1.1, 5, 3.1), byte 1 the chunk
 * size. Regression mode (plain `mvn verify`) runs the seeds in DecoderFuzzTestInputs/decode; `JAZZER_FUZZ=1` fuzzes.
 */
class DecoderFuzzTest {
  private static final int MAX_PACKET_SIZE = 4096;

  @FuzzTest(maxDuration = "2m")
  void decode(byte[] data) {
    if (data.length < 2) {
      return;
    }
    MqttVersion preset =
        switch (data[0] & 3) {
          case 0 -> null;
          case 1 -> MqttVersion.V3_1_1;
          case 2 -> MqttVersion.V5;
          default -> MqttVersion.V3_1;
        };
    int chunk = (data[1] & 0x0F) + 1;
    List<Object> whole = run(preset, data, data.length);
    List<Object> chunked = run(preset, data, chunk);
    assertThat(chunked).isEqualTo(whole);
  }

  /** Feeds data[2..] in chunks; returns the packets (payloads copied) and at most one error, as "error 0x81 3". */
  private static List<Object> run(MqttVersion preset, byte[] data, int chunk) {
    MqttDecoder decoder = new MqttDecoder(MAX_PACKET_SIZE);
    decoder.setVersion(preset);
    List<Object> outcome = new ArrayList<>();
    ByteBuf cumulation = Unpooled.buffer();
    try {
      for (int off = 2; off < data.length; off += chunk) {
        cumulation.writeBytes(data, off, Math.min(chunk, data.length - off));
        for (MqttPacket p; (p = decoder.decode(cumulation)) != null; ) {
          outcome.add(checkReencodes(p, decoder.version()));
        }
        cumulation.discardReadBytes(); // safe: every payload slice was copied and released above
      }
    } catch (MqttDecodeException e) {
      outcome.add("error 0x" + Integer.toHexString(e.reasonCode()) + " " + e.packetType());
    } finally {
      cumulation.release();
    }
    return outcome;
  }

  /** A decoded packet re-encodes and decodes to itself; returns it with a copied payload (the slice is released). */
  private static MqttPacket checkReencodes(MqttPacket p, MqttVersion version) {
    ByteBuf wire = MqttEncoder.encode(ByteBufAllocator.DEFAULT, p, version);
    MqttPacket again = null;
    try {
      assertThat(wire.readableBytes()).isEqualTo(MqttEncoder.encodedSize(p, version));
      MqttDecoder fresh = new MqttDecoder(Integer.MAX_VALUE);
      fresh.setVersion(version);
      again = fresh.decode(wire);
      assertThat(again).isEqualTo(p);
    } finally {
      wire.release();
      if (again instanceof Publish a) {
        a.payload().release();
      }
    }
    if (p instanceof Publish pub) {
      Publish copy = new Publish(pub.topic(), pub.qos(), pub.retain(), pub.dup(), pub.packetId(), pub.properties(),
          Unpooled.copiedBuffer(pub.payload()));
      pub.payload().release();
      return copy;
    }
    return p;
  }
}
