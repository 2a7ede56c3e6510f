package io.berth.bench;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * One publisher's PUBLISH, encoded once with Berth's codec; each message is a copy of those bytes with its packet
 * identifier, sequence number and timestamp patched in. The payload is {@code seq (8) | nanoTime (8) | publisher
 * index (4) | zero padding}, big-endian.
 */
public final class PublishTemplate {
  /** Bytes of the payload the bench itself uses; the rest is padding. */
  public static final int MIN_PAYLOAD = 20;

  private final byte[] bytes;
  private final int packetIdOffset;
  private final int payloadOffset;
  private final int qos;

  public PublishTemplate(String topic, int qos, MqttVersion version, int publisherIndex, int payloadSize) {
    if (payloadSize < MIN_PAYLOAD) {
      throw new IllegalArgumentException("payload of " + payloadSize + " bytes, at least " + MIN_PAYLOAD);
    }
    ByteBuf payload = Unpooled.buffer(payloadSize);
    payload.writeZero(16).writeInt(publisherIndex).writeZero(payloadSize - MIN_PAYLOAD);
    Publish p = new Publish(topic, qos, false, false, qos == 0 ? 0 : 1, MqttProperties.NONE, payload);
    ByteBuf encoded = MqttEncoder.encode(UnpooledByteBufAllocator.DEFAULT, p, version);
    try {
      bytes = new byte[encoded.readableBytes()];
      encoded.getBytes(encoded.readerIndex(), bytes);
    } finally {
      encoded.release();
    }
    int fixedHeader = 2;
    while ((bytes[fixedHeader - 1] & 0x80) != 0) {
      fixedHeader++;
    }
    this.packetIdOffset = fixedHeader + 2 + topic.getBytes(StandardCharsets.UTF_8).length;
    this.payloadOffset = bytes.length - payloadSize;
    this.qos = qos;
  }

  /** A new buffer holding message {@code seq}; {@code packetId} is ignored at QoS 0. */
  public ByteBuf next(ByteBufAllocator alloc, int packetId, long seq, long nanos) {
    ByteBuf out = alloc.ioBuffer(bytes.length);
    out.writeBytes(bytes);
    if (qos > 0) {
      out.setShort(packetIdOffset, packetId);
    }
    out.setLong(payloadOffset, seq);
    out.setLong(payloadOffset + 8, nanos);
    return out;
  }

  public int size() {
    return bytes.length;
  }

  /** The sequence number in a received payload (reader index at the payload's start). */
  public static long seq(ByteBuf payload) {
    return payload.getLong(payload.readerIndex());
  }

  public static long nanos(ByteBuf payload) {
    return payload.getLong(payload.readerIndex() + 8);
  }

  /** The publisher's index, or -1 when the payload is not one of ours. */
  public static int publisher(ByteBuf payload) {
    return payload.readableBytes() < MIN_PAYLOAD ? -1 : payload.getInt(payload.readerIndex() + 16);
  }
}
