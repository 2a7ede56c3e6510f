package io.berth.codec;

/**
 * Thrown on any malformed or protocol-violating input. Carries the MQTT 5 reason code the spec gives for the fault and
 * the type of the packet being decoded, so a server can answer a bad CONNECT with a CONNACK and anything else with a
 * DISCONNECT. No stack trace is captured: hostile input must be cheap to refuse.
 */
public final class MqttDecodeException extends RuntimeException {
  private final int reasonCode;
  private final int packetType;
  private final MqttVersion version;

  public MqttDecodeException(int reasonCode, int packetType, String message) {
    this(reasonCode, packetType, message, null);
  }

  private MqttDecodeException(int reasonCode, int packetType, String message, MqttVersion version) {
    super(message, null, false, false);
    this.reasonCode = reasonCode;
    this.packetType = packetType;
    this.version = version;
  }

  /**
   * The protocol version of the connection, when known: for a bad first CONNECT, the version its header announced
   * (so an MQTT 5 client gets its CONNACK with the reason code); null when even that could not be read.
   */
  public MqttVersion version() {
    return version;
  }

  /** This error, for a connection known to speak {@code v}. */
  public MqttDecodeException withVersion(MqttVersion v) {
    return new MqttDecodeException(reasonCode, packetType, getMessage(), v);
  }

  /** {@link ReasonCode#MALFORMED_PACKET}, {@link ReasonCode#PROTOCOL_ERROR}, {@link ReasonCode#PACKET_TOO_LARGE}, ... */
  public int reasonCode() {
    return reasonCode;
  }

  /** The {@link PacketType} of the packet being decoded. */
  public int packetType() {
    return packetType;
  }

  @Override
  public String toString() {
    return "MqttDecodeException[" + ReasonCode.describe(reasonCode) + ", " + PacketType.name(packetType) + "]: "
        + getMessage();
  }
}
