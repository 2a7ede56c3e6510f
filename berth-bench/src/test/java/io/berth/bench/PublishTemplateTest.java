package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PublishTemplateTest {
  @ParameterizedTest
  @CsvSource({"0, V3_1_1, 64", "1, V3_1_1, 64", "0, V5, 20", "1, V5, 1000"})
  void messagesDecodeWithTheirNumbers(int qos, MqttVersion version, int size) {
    PublishTemplate t = new PublishTemplate("bench/x/in/7", qos, version, 7, size);
    MqttDecoder decoder = new MqttDecoder(1 << 20);
    decoder.setVersion(version);
    for (long seq = 0; seq < 3; seq++) {
      ByteBuf wire = t.next(UnpooledByteBufAllocator.DEFAULT, (int) seq + 100, seq, 123_456_789L + seq);
      assertThat(wire.readableBytes()).isEqualTo(t.size());
      Publish p = (Publish) decoder.decode(wire);
      try {
        assertThat(p.topic()).isEqualTo("bench/x/in/7");
        assertThat(p.qos()).isEqualTo(qos);
        assertThat(p.packetId()).isEqualTo(qos == 0 ? 0 : (int) seq + 100);
        assertThat(p.payload().readableBytes()).isEqualTo(size);
        assertThat(PublishTemplate.seq(p.payload())).isEqualTo(seq);
        assertThat(PublishTemplate.nanos(p.payload())).isEqualTo(123_456_789L + seq);
        assertThat(PublishTemplate.publisher(p.payload())).isEqualTo(7);
      } finally {
        p.payload().release();
        wire.release();
      }
    }
  }

  @Test
  void aPayloadTooSmallForTheNumbersIsRefused() {
    assertThatThrownBy(() -> new PublishTemplate("t", 0, MqttVersion.V3_1_1, 0, 19))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aForeignPayloadHasNoPublisher() {
    assertThat(PublishTemplate.publisher(UnpooledByteBufAllocator.DEFAULT.buffer(4).writeInt(1))).isEqualTo(-1);
  }
}
