package io.berth.store;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.core.Message;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Test messages. */
final class Messages {
  private Messages() {}

  static Message message(String topic, String payload) {
    return message(topic, payload, 0);
  }

  static Message message(String topic, String payload, long expiresAt) {
    MqttProperties props = MqttProperties.builder().set(Property.CONTENT_TYPE, "text/plain")
        .addUserProperty("k", "v").build();
    return new Message(topic, Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8), 1, true, props, "pub-1",
        expiresAt);
  }

  static String payload(Message m) {
    return m.payload().toString(StandardCharsets.UTF_8);
  }
}
