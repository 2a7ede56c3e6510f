package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A connection's byte stream decodes the same whether it arrives whole, byte by byte or in arbitrary pieces. The random
 * streams come from {@link RandomPackets}, seeded: see {@link RandomCases} for the seed and count system properties.
 */
class StreamDecodeTest {
  private static final MqttVersion V5 = MqttVersion.V5;

  static List<MqttPacket> session() {
    MqttProperties props = MqttProperties.builder().set(io.berth.codec.Property.SESSION_EXPIRY_INTERVAL, 300L).build();
    return List.of(
        new Connect(V5, "client-1", true, 30, "user", "pw".getBytes(StandardCharsets.UTF_8),
            new Will("will/ü", new byte[] {1, 2}, 1, true, MqttProperties.NONE), props),
        new Publish("a/b", 1, false, false, 7, MqttProperties.NONE, Unpooled.wrappedBuffer(new byte[] {42})),
        new Subscribe(8, List.of(Subscription.of("a/+", 2), new Subscription("b/#", 1, true, true, 2)),
            MqttProperties.NONE),
        PingReq.INSTANCE,
        new PubAck(7),
        new Publish("€/x", 0, true, false, 0, MqttProperties.NONE, Unpooled.wrappedBuffer(new byte[300])),
        Disconnect.NORMAL);
  }

  static ByteBuf encodeAll(List<MqttPacket> packets) {
    ByteBuf out = Unpooled.buffer();
    for (MqttPacket p : packets) {
      ByteBuf b = MqttEncoder.encode(Unpooled.buffer().alloc(), p, V5);
      out.writeBytes(b);
      b.release();
    }
    return out;
  }

  @Test
  void severalPacketsInOneBuffer() {
    ByteBuf in = encodeAll(session());
    MqttDecoder decoder = new MqttDecoder(1 << 20);
    List<MqttPacket> got = new ArrayList<>();
    for (MqttPacket p; (p = decoder.decode(in)) != null; ) {
      got.add(p);
    }
    try {
      assertThat(got).isEqualTo(session());
      assertThat(in.isReadable()).isFalse();
      assertThat(decoder.version()).isEqualTo(V5);
    } finally {
      release(got);
      in.release();
    }
  }

  @Test
  void oneByteAtATime() {
    assertThat(feedInChunks(1)).isEqualTo(session());
  }

  /** Every chunk size from 2 bytes to more than the longest packet of the session. */
  @TestFactory
  Stream<DynamicTest> everyChunkSize() {
    return IntStream.rangeClosed(2, 400)
        .mapToObj(chunk -> DynamicTest.dynamicTest(
            chunk + "-byte chunks", () -> assertThat(feedInChunks(chunk)).isEqualTo(session())));
  }

  /** Up to eight random MQTT 5 packets, cut into chunks of a random size from 1 to 64 bytes. */
  record Chunked(List<MqttPacket> packets, int chunk) {}

  @TestFactory
  Stream<DynamicTest> arbitraryPacketsArbitraryChunks() {
    return RandomCases.of(
        "stream",
        300,
        random -> {
          RandomPackets g = new RandomPackets(random, V5);
          return new Chunked(g.packets(8), g.intBetween(1, 64));
        },
        c -> c.packets().size() + " packets in " + c.chunk() + "-byte chunks",
        c -> decodeInChunks(c.packets(), c.chunk()));
  }

  private static void decodeInChunks(List<MqttPacket> packets, int chunk) {
    ByteBuf wire = encodeAll(packets);
    List<MqttPacket> got = new ArrayList<>();
    ByteBuf cumulation = Unpooled.buffer();
    MqttDecoder decoder = new MqttDecoder(Wire.MAX_VAR_INT + 5);
    decoder.setVersion(V5);
    try {
      while (wire.isReadable()) {
        cumulation.writeBytes(wire, Math.min(chunk, wire.readableBytes()));
        for (MqttPacket p; (p = decoder.decode(cumulation)) != null; ) {
          got.add(p);
        }
      }
      assertThat(got).isEqualTo(packets);
      assertThat(cumulation.isReadable()).isFalse();
    } finally {
      release(got);
      wire.release();
      cumulation.release();
    }
  }

  /** Appends {@code chunk} bytes at a time; a null result must leave the reader index where it was. */
  private static List<MqttPacket> feedInChunks(int chunk) {
    ByteBuf wire = encodeAll(session());
    ByteBuf cumulation = Unpooled.buffer();
    MqttDecoder decoder = new MqttDecoder(1 << 20);
    List<MqttPacket> got = new ArrayList<>();
    try {
      while (wire.isReadable()) {
        cumulation.writeBytes(wire, Math.min(chunk, wire.readableBytes()));
        while (true) {
          int before = cumulation.readerIndex();
          MqttPacket p = decoder.decode(cumulation);
          if (p == null) {
            assertThat(cumulation.readerIndex()).isEqualTo(before);
            break;
          }
          got.add(p);
        }
      }
      assertThat(cumulation.isReadable()).isFalse();
      List<MqttPacket> copy = new ArrayList<>();
      for (MqttPacket p : got) { // compare after release would read freed memory: copy payloads first
        copy.add(p instanceof Publish pub ? new Publish(pub.topic(), pub.qos(), pub.retain(), pub.dup(),
            pub.packetId(), pub.properties(), Unpooled.copiedBuffer(pub.payload())) : p);
      }
      return copy;
    } finally {
      release(got);
      wire.release();
      cumulation.release();
    }
  }

  private static void release(List<MqttPacket> packets) {
    for (MqttPacket p : packets) {
      if (p instanceof Publish pub) {
        pub.payload().release();
      }
    }
  }
}
