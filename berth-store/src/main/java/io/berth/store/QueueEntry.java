package io.berth.store;

import io.berth.core.router.Delivery;
import java.nio.ByteBuffer;

/**
 * A message queued or in flight to one persistent session: which stored message, at which QoS, with which RETAIN
 * flag and Subscription Identifiers, under which packet id (0 while queued) and how far its QoS exchange got.
 */
public record QueueEntry(
    String clientId, long seq, long messageId, int qos, boolean retain, int[] subscriptionIds, int packetId,
    State state) {

  /** The delivery state (MQTT 4.3): what to resend on reconnect [MQTT-4.4.0-1]. */
  public enum State {
    QUEUED,
    PUBLISH_SENT,
    PUBREC_RECEIVED,
    PUBREL_SENT
  }

  /** {@code State.values()} copies the array on each call. */
  private static final State[] STATES = State.values();

  static QueueEntry queued(String clientId, long seq, long messageId, Delivery d) {
    return new QueueEntry(clientId, seq, messageId, d.qos(), d.retain(), d.subscriptionIds(), 0, State.QUEUED);
  }

  byte[] key() {
    return Keys.clientSeq(clientId, seq);
  }

  byte[] value() {
    ByteBuffer b = ByteBuffer.allocate(15 + 4 * subscriptionIds.length).putLong(messageId)
        .putShort((short) packetId).put((byte) state.ordinal()).put((byte) qos).put((byte) (retain ? 1 : 0))
        .putShort((short) subscriptionIds.length);
    for (int id : subscriptionIds) {
      b.putInt(id);
    }
    return b.array();
  }

  /** The stored message an entry's value refers to, without decoding the rest. */
  static long messageIdOf(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }

  static QueueEntry decode(byte[] key, byte[] value) {
    return decode(Keys.clientOf(key), key, value);
  }

  /** As {@link #decode(byte[], byte[])}, with the client id already read from the key (recovery shares it). */
  static QueueEntry decode(String clientId, byte[] key, byte[] value) {
    ByteBuffer v = ByteBuffer.wrap(value);
    long messageId = v.getLong();
    int packetId = v.getShort() & 0xFFFF;
    State state = STATES[v.get()];
    int qos = v.get();
    boolean retain = v.get() != 0;
    int[] ids = new int[v.getShort() & 0xFFFF];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = v.getInt();
    }
    return new QueueEntry(clientId, Keys.seqOf(key), messageId, qos, retain, ids, packetId, state);
  }
}
