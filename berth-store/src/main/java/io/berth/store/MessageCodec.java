package io.berth.store;

import io.berth.codec.MqttProperties;
import io.berth.codec.StoredProperties;
import io.berth.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A message as stored: version byte, QoS, retain flag, expiry (epoch millis, 0 = never), publisher id, topic, MQTT 5
 * properties (their wire encoding), then the payload. Decoding gives a message on a heap buffer of its own.
 */
final class MessageCodec {
  private static final int FORMAT = 1;

  private MessageCodec() {}

  static byte[] encode(Message m) {
    ByteBuf out = Unpooled.buffer(64 + m.topic().length() + m.payload().readableBytes());
    try {
      out.writeByte(FORMAT);
      out.writeByte(m.qos());
      out.writeBoolean(m.retainFlag());
      out.writeLong(m.expiresAtMillis());
      writeString(out, m.publisherId() == null ? "" : m.publisherId());
      writeString(out, m.topic());
      StoredProperties.write(out, m.properties());
      out.writeBytes(m.payload(), m.payload().readerIndex(), m.payload().readableBytes());
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  /** @throws IllegalArgumentException when the bytes are not a stored message (corruption) */
  static Message decode(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    try {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown stored message format " + format);
      }
      int qos = in.readUnsignedByte();
      boolean retain = in.readBoolean();
      long expiresAt = in.readLong();
      String publisher = readString(in);
      String topic = readString(in);
      MqttProperties props = StoredProperties.read(in);
      ByteBuf payload = Unpooled.copiedBuffer(in);
      return new Message(topic, payload, qos, retain, props, publisher.isEmpty() ? null : publisher, expiresAt);
    } catch (IndexOutOfBoundsException | io.berth.codec.MqttDecodeException e) {
      throw new IllegalArgumentException("truncated or malformed stored message", e);
    }
  }

  static void writeString(ByteBuf out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.writeBytes(b);
  }

  static String readString(ByteBuf in) {
    int n = in.readInt();
    if (n < 0 || n > in.readableBytes()) {
      throw new IndexOutOfBoundsException("string length " + n);
    }
    String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
    in.skipBytes(n);
    return s;
  }
}
