package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Unsuback;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact bytes of the short forms, version handling and buffer ownership. */
class CodecBehaviourTest {
  private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  private static String hex(MqttPacket p, MqttVersion v) {
    ByteBuf b = MqttEncoder.encode(ALLOC, p, v);
    try {
      assertThat(b.readableBytes()).isEqualTo(MqttEncoder.encodedSize(p, v));
      return ByteBufUtil.hexDump(b);
    } finally {
      b.release();
    }
  }

  private static MqttPacket decode(String hex, MqttVersion v) {
    MqttDecoder d = new MqttDecoder(1 << 20);
    d.setVersion(v);
    ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    try {
      MqttPacket p = d.decode(in);
      assertThat(in.isReadable()).isFalse();
      return p;
    } finally {
      in.release();
    }
  }

  @Test
  void mqtt5ShortFormsAreEncoded() { // 3.4.2.1, 3.14.2.1, 3.15.2.1
    assertThat(hex(new PubAck(7), MqttVersion.V5)).isEqualTo("40020007");
    assertThat(hex(new PubAck(7, 0x10, MqttProperties.NONE), MqttVersion.V5)).isEqualTo("4003000710");
    assertThat(hex(new PubRel(7, 0x92, MqttProperties.NONE), MqttVersion.V5)).isEqualTo("6203000792");
    assertThat(hex(Disconnect.NORMAL, MqttVersion.V5)).isEqualTo("e000");
    assertThat(hex(new Disconnect(4, MqttProperties.NONE), MqttVersion.V5)).isEqualTo("e00104");
    assertThat(hex(new Auth(0, MqttProperties.NONE), MqttVersion.V5)).isEqualTo("f000");
    assertThat(hex(new Auth(0x18, MqttProperties.NONE), MqttVersion.V5)).isEqualTo("f0021800");
  }

  @Test
  void mqtt5ShortFormsAreDecoded() {
    assertThat(decode("40020007", MqttVersion.V5)).isEqualTo(new PubAck(7));
    assertThat(decode("4003000710", MqttVersion.V5)).isEqualTo(new PubAck(7, 0x10, MqttProperties.NONE));
    assertThat(decode("400400071000", MqttVersion.V5)).isEqualTo(new PubAck(7, 0x10, MqttProperties.NONE));
    assertThat(decode("e000", MqttVersion.V5)).isEqualTo(Disconnect.NORMAL);
    assertThat(decode("e00104", MqttVersion.V5)).isEqualTo(new Disconnect(4, MqttProperties.NONE));
    assertThat(decode("f000", MqttVersion.V5)).isEqualTo(new Auth(0, MqttProperties.NONE));
    assertThat(decode("f00118", MqttVersion.V5)).isEqualTo(new Auth(0x18, MqttProperties.NONE));
  }

  @Test
  void mqtt311DropsWhatItCannotCarry() {
    assertThat(hex(new PubAck(7, 0x80, MqttProperties.NONE), MqttVersion.V3_1_1)).isEqualTo("40020007");
    assertThat(hex(new Unsuback(3, List.of(0, 17), MqttProperties.NONE), MqttVersion.V3_1_1)).isEqualTo("b0020003");
    assertThat(decode("b0020003", MqttVersion.V3_1_1)).isEqualTo(new Unsuback(3, List.of(), MqttProperties.NONE));
    assertThat(hex(new Disconnect(0x8E, MqttProperties.NONE), MqttVersion.V3_1_1)).isEqualTo("e000");
    assertThat(hex(new Connack(true, 0, MqttProperties.NONE), MqttVersion.V3_1_1)).isEqualTo("20020100");
    assertThat(hex(new Suback(1, List.of(0, 0x80), MqttProperties.NONE), MqttVersion.V3_1_1))
        .isEqualTo("9004000100" + "80");
  }

  @Test
  void firstConnectFixesTheVersionAndASecondConnectIsStillDecoded() {
    MqttDecoder d = new MqttDecoder(1 << 20);
    assertThat(d.version()).isNull();
    Connect v311 = new Connect(MqttVersion.V3_1_1, "c", true, 10, null, null, null, MqttProperties.NONE);
    Connect v5 = new Connect(MqttVersion.V5, "c", true, 10, null, null, null, MqttProperties.NONE);
    ByteBuf in = Unpooled.buffer();
    for (MqttPacket p : List.of(v311, v5)) {
      ByteBuf b = MqttEncoder.encode(ALLOC, p, null);
      in.writeBytes(b);
      b.release();
    }
    assertThat(d.decode(in)).isEqualTo(v311);
    assertThat(d.version()).isEqualTo(MqttVersion.V3_1_1);
    assertThat(d.decode(in)).isEqualTo(v5);
    assertThat(d.version()).as("the first CONNECT's version stays").isEqualTo(MqttVersion.V3_1_1);
    in.release();
  }

  @Test
  void incompletePacketReturnsNullWithoutConsuming() {
    MqttDecoder d = new MqttDecoder(1 << 20);
    d.setVersion(MqttVersion.V5);
    ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("3005000161"));
    assertThat(d.decode(in)).isNull();
    assertThat(in.readerIndex()).isZero();
    in.release();
  }

  @Test
  void oversizedPacketRefusedFromItsHeaderAlone() {
    MqttDecoder d = new MqttDecoder(100);
    d.setVersion(MqttVersion.V5);
    ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("306200")); // 1 + 1 + 98 = 100 bytes: allowed
    assertThat(d.decode(in)).isNull();
    ByteBuf over = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("3063")); // 101 bytes
    assertThatThrownBy(() -> d.decode(over))
        .isInstanceOfSatisfying(MqttDecodeException.class, e -> assertThat(e.reasonCode()).isEqualTo(0x95));
    d.setMaxPacketSize(101);
    assertThat(d.decode(over)).isNull();
    in.release();
    over.release();
  }

  @Test
  void unicodeStringsDecodeAndTheByteOrderMarkIsKept() { // [MQTT-1.5.4-3]
    String topic = "\uFEFFü/€/\uD834\uDD1E/" + "ascii-tail-longer-than-eight";
    Publish p = new Publish(topic, 0, false, false, 0, MqttProperties.NONE, Unpooled.EMPTY_BUFFER);
    ByteBuf b = MqttEncoder.encode(ALLOC, p, MqttVersion.V3_1_1);
    MqttDecoder d = new MqttDecoder(1 << 20);
    d.setVersion(MqttVersion.V3_1_1);
    Publish got = (Publish) d.decode(b);
    assertThat(got.topic()).isEqualTo(topic);
    got.payload().release();
    b.release();
  }

  @Test
  void largePayloadIsSharedNotCopiedAndCallerKeepsItsReference() {
    ByteBuf payload = ALLOC.directBuffer(MqttEncoder.ZERO_COPY_THRESHOLD).writeZero(MqttEncoder.ZERO_COPY_THRESHOLD);
    Publish p = new Publish("t", 1, false, false, 1, MqttProperties.NONE, payload);
    ByteBuf b = MqttEncoder.encode(ALLOC, p, MqttVersion.V5);
    assertThat(b).isInstanceOf(CompositeByteBuf.class);
    assertThat(payload.refCnt()).isEqualTo(2);
    assertThat(b.readableBytes()).isEqualTo(MqttEncoder.encodedSize(p, MqttVersion.V5));
    b.release();
    assertThat(payload.refCnt()).isEqualTo(1);
    assertThat(payload.readerIndex()).isZero();
    payload.release();
  }

  @Test
  void smallPayloadIsCopiedIntoOneBuffer() {
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    Publish p = new Publish("t", 0, false, false, 0, MqttProperties.NONE, payload);
    ByteBuf b = MqttEncoder.encode(ALLOC, p, MqttVersion.V3_1_1);
    assertThat(b).isNotInstanceOf(CompositeByteBuf.class);
    assertThat(b.capacity()).as("allocated exactly once, exactly").isEqualTo(b.readableBytes());
    assertThat(ByteBufUtil.hexDump(b)).isEqualTo("30060001" + "74" + "010203");
    assertThat(payload.refCnt()).isEqualTo(1);
    b.release();
  }

  @Test
  void unencodableValuesThrowIllegalArgument() {
    String huge = "x".repeat(65_536);
    Publish p = new Publish(huge, 0, false, false, 0, MqttProperties.NONE, Unpooled.EMPTY_BUFFER);
    assertThatThrownBy(() -> MqttEncoder.encode(ALLOC, p, MqttVersion.V5)).isInstanceOf(IllegalArgumentException.class);
    Publish qos3 = new Publish("t", 3, false, false, 1, MqttProperties.NONE, Unpooled.EMPTY_BUFFER);
    assertThatThrownBy(() -> MqttEncoder.encode(ALLOC, qos3, MqttVersion.V5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MqttEncoder.encode(ALLOC, new Auth(0, MqttProperties.NONE), MqttVersion.V3_1_1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fourByteIntegersAreUnsigned() {
    MqttProperties props =
        MqttProperties.builder().set(io.berth.codec.Property.SESSION_EXPIRY_INTERVAL, 0xFFFF_FFFFL).build();
    Connack c = new Connack(false, 0, props);
    assertThat(hex(c, MqttVersion.V5)).isEqualTo("2008000005" + "11ffffffff");
    assertThat(decode("2008000005" + "11ffffffff", MqttVersion.V5)).isEqualTo(c);
  }
}
