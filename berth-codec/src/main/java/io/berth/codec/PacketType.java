package io.berth.codec;

/** Control packet types (MQTT 2.1.2); the value is the high nibble of the first byte. */
public final class PacketType {
  public static final int CONNECT = 1;
  public static final int CONNACK = 2;
  public static final int PUBLISH = 3;
  public static final int PUBACK = 4;
  public static final int PUBREC = 5;
  public static final int PUBREL = 6;
  public static final int PUBCOMP = 7;
  public static final int SUBSCRIBE = 8;
  public static final int SUBACK = 9;
  public static final int UNSUBSCRIBE = 10;
  public static final int UNSUBACK = 11;
  public static final int PINGREQ = 12;
  public static final int PINGRESP = 13;
  public static final int DISCONNECT = 14;
  public static final int AUTH = 15;
  /** Not a packet type: marks the Will Properties of a CONNECT in {@link Property#allowedIn}. */
  public static final int WILL = 0;

  private PacketType() {}

  public static String name(int type) {
    return switch (type) {
      case CONNECT -> "CONNECT";
      case CONNACK -> "CONNACK";
      case PUBLISH -> "PUBLISH";
      case PUBACK -> "PUBACK";
      case PUBREC -> "PUBREC";
      case PUBREL -> "PUBREL";
      case PUBCOMP -> "PUBCOMP";
      case SUBSCRIBE -> "SUBSCRIBE";
      case SUBACK -> "SUBACK";
      case UNSUBSCRIBE -> "UNSUBSCRIBE";
      case UNSUBACK -> "UNSUBACK";
      case PINGREQ -> "PINGREQ";
      case PINGRESP -> "PINGRESP";
      case DISCONNECT -> "DISCONNECT";
      case AUTH -> "AUTH";
      default -> "RESERVED(" + type + ")";
    };
  }
}
