package io.berth.codec;

import io.netty.buffer.ByteBuf;

/** Primitive wire types of MQTT (spec 1.5) with bounds checks that fail as a Malformed Packet, not an index error. */
final class Wire {
  /** Largest Variable Byte Integer: four bytes of seven bits [MQTT-1.5.5]. */
  static final int MAX_VAR_INT = 268_435_455;

  private Wire() {}

  static MqttDecodeException malformed(int packetType, String message) {
    return new MqttDecodeException(ReasonCode.MALFORMED_PACKET, packetType, message);
  }

  static MqttDecodeException protocolError(int packetType, String message) {
    return new MqttDecodeException(ReasonCode.PROTOCOL_ERROR, packetType, message);
  }

  static void need(ByteBuf b, int bytes, int packetType) {
    if (b.readableBytes() < bytes) {
      throw malformed(packetType, "packet ends inside a field"); // underrun of the Remaining Length
    }
  }

  static int readByte(ByteBuf b, int packetType) {
    need(b, 1, packetType);
    return b.readUnsignedByte();
  }

  static int readShort(ByteBuf b, int packetType) {
    need(b, 2, packetType);
    return b.readUnsignedShort();
  }

  static long readInt(ByteBuf b, int packetType) {
    need(b, 4, packetType);
    return b.readUnsignedInt();
  }

  /** A non-zero Packet Identifier [MQTT-2.2.1-3]. */
  static int readPacketId(ByteBuf b, int packetType) {
    int id = readShort(b, packetType);
    if (id == 0) {
      throw malformed(packetType, "packet identifier 0 [MQTT-2.2.1-3]");
    }
    return id;
  }

  /** Variable Byte Integer: at most four bytes [MQTT-1.5.5]. */
  static int readVarInt(ByteBuf b, int packetType) {
    int value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      int digit = readByte(b, packetType);
      value |= (digit & 0x7F) << shift;
      if ((digit & 0x80) == 0) {
        return value;
      }
    }
    throw malformed(packetType, "variable byte integer longer than 4 bytes [MQTT-1.5.5]");
  }

  /** Binary Data: two byte length then the bytes [MQTT-1.5.6]. */
  static byte[] readBinary(ByteBuf b, int packetType) {
    int len = readShort(b, packetType);
    need(b, len, packetType);
    byte[] out = new byte[len];
    b.readBytes(out);
    return out;
  }

  static int varIntSize(int value) {
    return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : 4;
  }

  static void writeVarInt(ByteBuf out, int value) {
    while (value >= 0x80) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  static int binarySize(byte[] data) {
    if (data.length > 0xFFFF) {
      throw new IllegalArgumentException("binary data over 65,535 bytes");
    }
    return 2 + data.length;
  }

  static void writeBinary(ByteBuf out, byte[] data) {
    out.writeShort(data.length);
    out.writeBytes(data);
  }
}
