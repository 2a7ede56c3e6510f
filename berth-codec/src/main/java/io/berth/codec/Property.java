package io.berth.codec;

import static io.berth.codec.PacketType.*;

/** MQTT 5 properties (spec 2.2.2.2): identifier, wire type and the packets that may carry each one. */
public enum Property {
  PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, PUBLISH, WILL),
  MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE_INT, PUBLISH, WILL),
  CONTENT_TYPE(0x03, Type.UTF8_STRING, PUBLISH, WILL),
  RESPONSE_TOPIC(0x08, Type.UTF8_STRING, PUBLISH, WILL),
  CORRELATION_DATA(0x09, Type.BINARY, PUBLISH, WILL),
  SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE_INT, PUBLISH, SUBSCRIBE),
  SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE_INT, CONNECT, CONNACK, DISCONNECT),
  ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8_STRING, CONNACK),
  SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE_INT, CONNACK),
  AUTHENTICATION_METHOD(0x15, Type.UTF8_STRING, CONNECT, CONNACK, AUTH),
  AUTHENTICATION_DATA(0x16, Type.BINARY, CONNECT, CONNACK, AUTH),
  REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, CONNECT),
  WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE_INT, WILL),
  REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, CONNECT),
  RESPONSE_INFORMATION(0x1A, Type.UTF8_STRING, CONNACK),
  SERVER_REFERENCE(0x1C, Type.UTF8_STRING, CONNACK, DISCONNECT),
  REASON_STRING(0x1F, Type.UTF8_STRING,
      CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
  RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE_INT, CONNECT, CONNACK),
  TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE_INT, CONNECT, CONNACK),
  TOPIC_ALIAS(0x23, Type.TWO_BYTE_INT, PUBLISH),
  MAXIMUM_QOS(0x24, Type.BYTE, CONNACK),
  RETAIN_AVAILABLE(0x25, Type.BYTE, CONNACK),
  USER_PROPERTY(0x26, Type.UTF8_PAIR,
      CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE,
      UNSUBACK, DISCONNECT, AUTH),
  MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE_INT, CONNECT, CONNACK),
  WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, CONNACK),
  SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, CONNACK),
  SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, CONNACK);

  /** Wire encodings of property values (spec 1.5). */
  public enum Type {
    BYTE,
    TWO_BYTE_INT,
    FOUR_BYTE_INT,
    VARIABLE_BYTE_INT,
    UTF8_STRING,
    BINARY,
    UTF8_PAIR
  }

  /** Highest property identifier; sizes lookup tables. */
  public static final int MAX_ID = 0x2A;

  private static final Property[] BY_ID = new Property[MAX_ID + 1];

  static {
    for (Property p : values()) {
      BY_ID[p.id] = p;
    }
  }

  private final int id;
  private final Type type;
  private final int allowedMask;

  Property(int id, Type type, int... packetTypes) {
    this.id = id;
    this.type = type;
    int mask = 0;
    for (int t : packetTypes) {
      mask |= 1 << t;
    }
    this.allowedMask = mask;
  }

  public int id() {
    return id;
  }

  public Type type() {
    return type;
  }

  /** True when this property may appear in the given packet type ({@link PacketType#WILL} for will properties). */
  public boolean allowedIn(int packetType) {
    return (allowedMask & (1 << packetType)) != 0;
  }

  /** The property with this identifier, or null for an unknown identifier (a Malformed Packet). */
  public static Property byId(int id) {
    return id >= 0 && id <= MAX_ID ? BY_ID[id] : null;
  }
}
