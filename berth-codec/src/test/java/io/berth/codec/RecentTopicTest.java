package io.berth.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** A connection publishing to the same topic again gets the same String; any other name is read as it is. */
class RecentTopicTest {
  private final MqttDecoder decoder = new MqttDecoder(1 << 20);

  RecentTopicTest() {
    decoder.setVersion(MqttVersion.V3_1_1);
  }

  /** A QoS 0 PUBLISH of {@code topic} with a one-byte payload. */
  private static byte[] publish(String topic) {
    Publish p = new Publish(topic, 0, false, false, 0, MqttProperties.NONE, Unpooled.wrappedBuffer(new byte[] {'x'}));
    ByteBuf b = MqttEncoder.encode(UnpooledByteBufAllocator.DEFAULT, p, MqttVersion.V3_1_1);
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private String topicOf(byte[] packet) {
    ByteBuf in = Unpooled.wrappedBuffer(packet);
    MqttPacket p = decoder.decode(in);
    assertThat(in.isReadable()).isFalse();
    Publish publish = (Publish) p;
    publish.payload().release();
    return publish.topic();
  }

  @Test
  void theSameTopicAgainIsTheSameString() {
    String first = topicOf(publish("sensors/42/temperature"));
    assertThat(topicOf(publish("sensors/42/temperature"))).isSameAs(first).isEqualTo("sensors/42/temperature");
  }

  @Test
  void anotherTopicOfTheSameLengthIsReadAsItIs() {
    topicOf(publish("a/b/c"));
    assertThat(topicOf(publish("a/b/d"))).isEqualTo("a/b/d");
    assertThat(topicOf(publish("a/b/c"))).isEqualTo("a/b/c");
    assertThat(topicOf(publish("a/b"))).isEqualTo("a/b");
    assertThat(topicOf(publish("a/b/c/d"))).isEqualTo("a/b/c/d");
    assertThat(topicOf(publish(""))).isEmpty(); // a Topic Alias stands for it (MQTT 5); judged by the protocol layer
  }

  @Test
  void nonAsciiNamesAreReadEachTime() {
    String first = topicOf(publish("maison/température"));
    String second = topicOf(publish("maison/température"));
    assertThat(second).isEqualTo("maison/température").isNotSameAs(first);
    assertThat(topicOf(publish("maison/temperature"))).isEqualTo("maison/temperature");
  }

  @Test
  void longNamesAreNotKept() {
    String longName = "t/" + "x".repeat(RecentTopic.MAX_KEPT_LENGTH);
    String first = topicOf(publish(longName));
    assertThat(topicOf(publish(longName))).isEqualTo(longName).isNotSameAs(first);
  }

  @Test
  void aKeptNameDoesNotReadPastItsPacket() {
    topicOf(publish("abc"));
    // a PUBLISH whose name claims 3 bytes but whose packet ends after 2, followed in the buffer by a 'c'
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0x30, 4, 0, 3, 'a', 'b', 'c'});
    assertThatThrownBy(() -> decoder.decode(in))
        .isInstanceOfSatisfying(MqttDecodeException.class,
            e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET))
        .hasMessageContaining("packet ends inside a field");
  }

  @Test
  void aPacketDecodedFromAFullerBufferLeavesTheRestReadable() {
    ByteBuf in = Unpooled.wrappedBuffer(publish("one"), publish("two"));
    int writerIndex = in.writerIndex();
    Publish first = (Publish) decoder.decode(in);
    assertThat(in.writerIndex()).isEqualTo(writerIndex);
    Publish second = (Publish) decoder.decode(in);
    assertThat(first.topic()).isEqualTo("one");
    assertThat(second.topic()).isEqualTo("two");
    assertThat(first.payload().readableBytes()).isEqualTo(1);
    assertThat(in.isReadable()).isFalse();
    first.payload().release();
    second.payload().release();
  }
}
