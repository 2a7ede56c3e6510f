package io.berth.store;

import io.berth.core.Message;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The will of a persistent session ({@link Table#WILLS}, keyed by client id): format, Will Delay Interval in seconds,
 * then the will message as {@link MessageCodec} writes it. Written at CONNECT [MQTT-3.1.2-8], deleted once published
 * or discarded [MQTT-3.1.2-10]; its delay counts from the session's offline-since time (from the restart when the
 * client was connected at the crash).
 */
record WillRecord(long delaySeconds, Message will) {
  private static final int FORMAT = 1;

  static byte[] value(Message will, long delaySeconds) {
    byte[] message = MessageCodec.encode(will);
    return ByteBuffer.allocate(9 + message.length).put((byte) FORMAT).putLong(delaySeconds).put(message).array();
  }

  /** @throws IllegalArgumentException when the bytes are not a stored will (corruption) */
  static WillRecord decode(byte[] value) {
    if (value.length < 9 || value[0] != FORMAT) {
      throw new IllegalArgumentException("unknown or truncated stored will");
    }
    long delay = ByteBuffer.wrap(value, 1, 8).getLong();
    return new WillRecord(delay, MessageCodec.decode(Arrays.copyOfRange(value, 9, value.length)));
  }

  /** Millis left before it is due at {@code now}, counted from {@code offlineSinceMillis} (0: from now). */
  long dueInMillis(long offlineSinceMillis, long now) {
    long since = offlineSinceMillis == 0 ? now : offlineSinceMillis;
    return Math.max(0, since + delaySeconds * 1000 - now);
  }
}
