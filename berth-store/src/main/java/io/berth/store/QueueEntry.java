package io.berth.store;

import java.nio.ByteBuffer;

/**
 * A message queued or in flight to one persistent session: which stored message, under which packet id (0 while
 * queued) and how far its QoS exchange got.
 */
public record QueueEntry(String clientId, long seq, long messageId, int packetId, State state) {

  /** The delivery state (MQTT 4.3): what to resend on reconnect [MQTT-4.4.0-1]. */
  public enum State {
    QUEUED,
    PUBLISH_SENT,
    PUBREC_RECEIVED,
    PUBREL_SENT
  }

  byte[] key() {
    return Keys.clientSeq(clientId, seq);
  }

  byte[] value() {
    return ByteBuffer.allocate(11).putLong(messageId).putShort((short) packetId).put((byte) state.ordinal()).array();
  }

  static QueueEntry decode(byte[] key, byte[] value) {
    ByteBuffer v = ByteBuffer.wrap(value);
    long messageId = v.getLong();
    int packetId = v.getShort() & 0xFFFF;
    State state = State.values()[v.get()];
    return new QueueEntry(Keys.clientOf(key), Keys.seqOf(key), messageId, packetId, state);
  }
}
