package io.berth.codec;

import static io.berth.codec.PacketType.PUBLISH;

import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;

/** PUBLISH (3.3). The payload stays a retained slice of the read buffer: no copy. */
final class PublishCodec {
  private PublishCodec() {}

  /** Checks the fixed-header flags of a PUBLISH before its body is buffered. */
  static void checkFlags(int flags) {
    int qos = (flags >>> 1) & 3;
    if (qos == 3) {
      throw Wire.malformed(PUBLISH, "QoS 3 [MQTT-3.3.1-4]");
    }
    if (qos == 0 && (flags & 0x08) != 0) {
      throw Wire.malformed(PUBLISH, "DUP set on a QoS 0 message [MQTT-3.3.1-2]");
    }
  }

  static Publish decode(ByteBuf b, int flags, MqttVersion version, RecentTopic recent) {
    int qos = (flags >>> 1) & 3;
    String topic = recent.read(b); // wildcards and emptiness are judged by the protocol layer
    int packetId = qos > 0 ? Wire.readPacketId(b, PUBLISH) : 0;
    MqttProperties props = version.isV5() ? PropertiesCodec.read(b, PUBLISH, PUBLISH) : MqttProperties.NONE;
    ByteBuf payload = b.readRetainedSlice(b.readableBytes());
    return new Publish(topic, qos, (flags & 1) != 0, (flags & 0x08) != 0, packetId, props, payload);
  }

  static int firstByte(Publish p) {
    if (p.qos() < 0 || p.qos() > 2) {
      throw new IllegalArgumentException("QoS " + p.qos());
    }
    return (PUBLISH << 4) | (p.dup() ? 0x08 : 0) | (p.qos() << 1) | (p.retain() ? 1 : 0);
  }

  /** Body size without the payload. */
  static int headerSize(Publish p, MqttVersion version) {
    return Utf8.size(p.topic())
        + (p.qos() > 0 ? 2 : 0)
        + (version.isV5() ? PropertiesCodec.size(p.properties()) : 0);
  }

  /** Writes everything of the body but the payload. */
  static void writeHeader(ByteBuf out, Publish p, MqttVersion version) {
    Utf8.write(out, p.topic());
    if (p.qos() > 0) {
      out.writeShort(p.packetId());
    }
    if (version.isV5()) {
      PropertiesCodec.write(out, p.properties());
    }
  }
}
