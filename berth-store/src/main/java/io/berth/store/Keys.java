package io.berth.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Record keys. Per-client keys start with the client id, length-prefixed so that one client's records are a
 * contiguous range that no other client id can fall into; numbers are big-endian so that they sort in order.
 */
final class Keys {
  private Keys() {}

  static byte[] messageId(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }

  static long messageId(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  /** The prefix of every record of one client. */
  static byte[] client(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + id.length).putShort((short) id.length).put(id).array();
  }

  /** Just after every key of the client (for a range delete): the prefix with its last byte raised. */
  static byte[] clientRangeEnd(String clientId) {
    byte[] end = client(clientId);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("no key follows the prefix");
  }

  static byte[] clientSeq(String clientId, long seq) {
    byte[] prefix = client(clientId);
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(seq).array();
  }

  static byte[] clientPacketId(String clientId, int packetId) {
    byte[] prefix = client(clientId);
    return ByteBuffer.allocate(prefix.length + 2).put(prefix).putShort((short) packetId).array();
  }

  /** The packet id after the client prefix. */
  static int packetIdOf(byte[] key) {
    int n = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
    return ByteBuffer.wrap(key, 2 + n, 2).getShort() & 0xFFFF;
  }

  /** Whether {@code key} starts with {@code prefix} (a {@link #client} prefix). */
  static boolean samePrefix(byte[] prefix, byte[] key) {
    return key.length >= prefix.length && java.util.Arrays.equals(prefix, 0, prefix.length, key, 0, prefix.length);
  }

  static String clientOf(byte[] key) {
    int n = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
    return new String(key, 2, n, StandardCharsets.UTF_8);
  }

  /** The number after the client prefix. */
  static long seqOf(byte[] key) {
    int n = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
    return ByteBuffer.wrap(key, 2 + n, 8).getLong();
  }

  static byte[] topic(String topic) {
    return topic.getBytes(StandardCharsets.UTF_8);
  }
}
