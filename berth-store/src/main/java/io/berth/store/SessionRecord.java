package io.berth.store;

import java.nio.ByteBuffer;

/**
 * A persistent session's own record ({@link Table#SESSIONS}, keyed by client id): its expiry interval, and when its
 * client last disconnected (0 while connected), from which the expiry keeps counting across restarts.
 */
record SessionRecord(String clientId, long expiryIntervalSeconds, long offlineSinceMillis) {
  private static final int FORMAT = 1;
  static final long NEVER_EXPIRES = 0xFFFFFFFFL;

  byte[] value() {
    return ByteBuffer.allocate(17).put((byte) FORMAT).putLong(expiryIntervalSeconds).putLong(offlineSinceMillis)
        .array();
  }

  static SessionRecord decode(byte[] key, byte[] value) {
    ByteBuffer v = ByteBuffer.wrap(value);
    int format = v.get();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown stored session format " + format);
    }
    return new SessionRecord(Keys.clientOf(key), v.getLong(), v.getLong());
  }

  /**
   * Millis left at {@code now}, or -1 for never. A session whose client was connected when the broker stopped counts
   * from {@code now}: the disconnect is the stop.
   */
  long expiresInMillis(long now) {
    if (expiryIntervalSeconds >= NEVER_EXPIRES) {
      return -1;
    }
    long since = offlineSinceMillis == 0 ? now : offlineSinceMillis;
    return Math.max(0, since + expiryIntervalSeconds * 1000 - now);
  }
}
