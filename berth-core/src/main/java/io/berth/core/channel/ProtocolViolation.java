package io.berth.core.channel;

/**
 * Thrown by a flow when the client broke the protocol: the channel answers with the reason code (DISCONNECT for
 * MQTT 5, CONNACK during connect) and closes the connection. Carries no stack trace: it is expected input.
 */
final class ProtocolViolation extends RuntimeException {
  private final int reasonCode;

  ProtocolViolation(int reasonCode, String message) {
    super(message, null, false, false);
    this.reasonCode = reasonCode;
  }

  int reasonCode() {
    return reasonCode;
  }
}
