package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttProperties;
import io.berth.core.Message;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  @Test
  void roundTripKeepsEveryField() {
    Message m = Messages.message("a/b", "hello", 1_700_000_000_123L);
    Message back = MessageCodec.decode(MessageCodec.encode(m));
    assertThat(back.topic()).isEqualTo("a/b");
    assertThat(Messages.payload(back)).isEqualTo("hello");
    assertThat(back.qos()).isEqualTo(1);
    assertThat(back.retainFlag()).isTrue();
    assertThat(back.publisherId()).isEqualTo("pub-1");
    assertThat(back.expiresAtMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(back.properties()).isEqualTo(m.properties());
    m.release();
    back.release();
  }

  @Test
  void emptyPayloadNoPropertiesNoPublisher() {
    Message m = new Message("t", Unpooled.EMPTY_BUFFER, 0, false, MqttProperties.NONE, null, 0);
    Message back = MessageCodec.decode(MessageCodec.encode(m));
    assertThat(back.payload().readableBytes()).isZero();
    assertThat(back.properties().isEmpty()).isTrue();
    assertThat(back.publisherId()).isNull();
    back.release();
  }

  @Test
  void truncatedOrUnknownBytesAreRefused() {
    Message m = Messages.message("a/b", "hello");
    byte[] bytes = MessageCodec.encode(m);
    m.release();
    assertThatThrownBy(() -> MessageCodec.decode(Arrays.copyOf(bytes, 12)))
        .isInstanceOf(IllegalArgumentException.class);
    bytes[0] = 9;
    assertThatThrownBy(() -> MessageCodec.decode(bytes)).hasMessageContaining("format 9");
  }
}
