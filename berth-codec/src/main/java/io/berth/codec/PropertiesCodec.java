package io.berth.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** MQTT 5 properties (spec 2.2.2): a Variable Byte Integer length, then identifier/value pairs. */
final class PropertiesCodec {
  private PropertiesCodec() {}

  /**
   * Reads a property length and the properties after it.
   *
   * @param allowedIn the packet type the properties belong to ({@link PacketType#WILL} for will properties)
   * @param packetType the packet being decoded, for errors
   */
  static MqttProperties read(ByteBuf b, int allowedIn, int packetType) {
    int len = Wire.readVarInt(b, packetType);
    if (len == 0) {
      return MqttProperties.NONE;
    }
    if (len > b.readableBytes()) {
      throw Wire.malformed(packetType, "property length " + len + " overruns the packet");
    }
    int end = b.readerIndex() + len;
    MqttProperties.Builder props = MqttProperties.builder();
    boolean subIdSeen = false;
    while (b.readerIndex() < end) {
      int id = Wire.readVarInt(b, packetType);
      Property p = Property.byId(id);
      if (p == null) {
        throw Wire.malformed(packetType, "unknown property identifier 0x" + Integer.toHexString(id));
      }
      if (!p.allowedIn(allowedIn)) { // spec 2.2.2.2: a property the packet may not carry is malformed
        throw Wire.malformed(packetType, p + " is not allowed in " + PacketType.name(packetType));
      }
      if (p == Property.USER_PROPERTY) {
        props.addUserProperty(Utf8.read(b, packetType), Utf8.read(b, packetType));
      } else if (p == Property.SUBSCRIPTION_IDENTIFIER) {
        int subId = Wire.readVarInt(b, packetType);
        if (subId == 0) {
          throw Wire.protocolError(packetType, "subscription identifier 0 [MQTT-3.8.2.1.2]");
        }
        if (subIdSeen && allowedIn == PacketType.SUBSCRIBE) { // may repeat in PUBLISH only (3.8.2.1.2)
          throw Wire.protocolError(packetType, "subscription identifier given twice");
        }
        subIdSeen = true;
        props.addSubscriptionIdentifier(subId);
      } else {
        if (props.has(p)) {
          throw Wire.protocolError(packetType, p + " given twice (2.2.2.2)");
        }
        props.set(p, readValue(b, p, packetType));
      }
      if (b.readerIndex() > end) {
        throw Wire.malformed(packetType, "property value overruns the property length");
      }
    }
    return props.build();
  }

  private static Object readValue(ByteBuf b, Property p, int packetType) {
    switch (p.type()) {
      case BYTE -> {
        int v = Wire.readByte(b, packetType);
        if (v > 1) { // every byte property is a 0/1 flag, or Maximum QoS which is 0 or 1 too (3.2.2.3.4)
          throw Wire.protocolError(packetType, p + " must be 0 or 1, was " + v);
        }
        return v;
      }
      case TWO_BYTE_INT -> {
        int v = Wire.readShort(b, packetType);
        if (v == 0 && (p == Property.RECEIVE_MAXIMUM || p == Property.TOPIC_ALIAS)) {
          throw Wire.protocolError(packetType, p + " must not be 0 (3.1.2.11.3, 3.3.2.3.4)");
        }
        return v;
      }
      case FOUR_BYTE_INT -> {
        long v = Wire.readInt(b, packetType);
        if (v == 0 && p == Property.MAXIMUM_PACKET_SIZE) {
          throw Wire.protocolError(packetType, "maximum packet size 0 (3.1.2.11.4)");
        }
        return v;
      }
      case VARIABLE_BYTE_INT -> {
        return Wire.readVarInt(b, packetType);
      }
      case UTF8_STRING -> {
        return Utf8.read(b, packetType);
      }
      case BINARY -> {
        return Wire.readBinary(b, packetType);
      }
      default -> throw new IllegalStateException(p.toString());
    }
  }

  /** Bytes of the properties without their length prefix. */
  static int contentSize(MqttProperties props) {
    if (props.isEmpty()) {
      return 0;
    }
    int size = 0;
    for (int id = 1; id <= Property.MAX_ID; id++) {
      Property p = Property.byId(id);
      Object v = p == null ? null : props.valueForCodec(p);
      if (v != null) {
        size += 1 + valueSize(p, v); // every identifier is below 128: one byte
      }
    }
    List<Integer> subIds = props.subscriptionIdentifiers();
    for (int i = 0; i < subIds.size(); i++) {
      size += 1 + Wire.varIntSize(checkVarInt(subIds.get(i)));
    }
    List<UserProperty> user = props.userProperties();
    for (int i = 0; i < user.size(); i++) {
      size += 1 + Utf8.size(user.get(i).name()) + Utf8.size(user.get(i).value());
    }
    return size;
  }

  /** Bytes of the properties with their length prefix. */
  static int size(MqttProperties props) {
    int content = contentSize(props);
    return Wire.varIntSize(content) + content;
  }

  static void write(ByteBuf out, MqttProperties props) {
    int content = contentSize(props);
    Wire.writeVarInt(out, content);
    if (content == 0) {
      return;
    }
    for (int id = 1; id <= Property.MAX_ID; id++) {
      Property p = Property.byId(id);
      Object v = p == null ? null : props.valueForCodec(p);
      if (v != null) {
        out.writeByte(id);
        writeValue(out, p, v);
      }
    }
    List<Integer> subIds = props.subscriptionIdentifiers();
    for (int i = 0; i < subIds.size(); i++) {
      out.writeByte(Property.SUBSCRIPTION_IDENTIFIER.id());
      Wire.writeVarInt(out, subIds.get(i));
    }
    List<UserProperty> user = props.userProperties();
    for (int i = 0; i < user.size(); i++) {
      out.writeByte(Property.USER_PROPERTY.id());
      Utf8.write(out, user.get(i).name());
      Utf8.write(out, user.get(i).value());
    }
  }

  private static int checkVarInt(int v) {
    if (v < 0 || v > Wire.MAX_VAR_INT) {
      throw new IllegalArgumentException("variable byte integer out of range: " + v);
    }
    return v;
  }

  private static int valueSize(Property p, Object v) {
    return switch (p.type()) {
      case BYTE -> 1;
      case TWO_BYTE_INT -> 2;
      case FOUR_BYTE_INT -> 4;
      case VARIABLE_BYTE_INT -> Wire.varIntSize(checkVarInt((Integer) v));
      case UTF8_STRING -> Utf8.size((String) v);
      case BINARY -> Wire.binarySize((byte[]) v);
      case UTF8_PAIR -> throw new IllegalStateException(p.toString());
    };
  }

  private static void writeValue(ByteBuf out, Property p, Object v) {
    switch (p.type()) {
      case BYTE -> out.writeByte((Integer) v);
      case TWO_BYTE_INT -> out.writeShort((Integer) v);
      case FOUR_BYTE_INT -> out.writeInt((int) (long) (Long) v);
      case VARIABLE_BYTE_INT -> Wire.writeVarInt(out, (Integer) v);
      case UTF8_STRING -> Utf8.write(out, (String) v);
      case BINARY -> Wire.writeBinary(out, (byte[]) v);
      case UTF8_PAIR -> throw new IllegalStateException(p.toString());
    }
  }
}
