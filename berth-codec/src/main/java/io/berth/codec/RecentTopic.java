package io.berth.codec;

import static io.berth.codec.PacketType.PUBLISH;

import io.netty.buffer.ByteBuf;

/**
 * The topic name of a connection's last PUBLISH, kept so that a client publishing to the same topic again (the usual
 * case: a sensor, a feed) gets the same {@code String} back instead of a new one per message. Only ASCII names are
 * kept, so their bytes compare one to one with their characters; bytes equal to a name already read are valid by that
 * first reading. One per decoder, used by its connection's thread only.
 */
final class RecentTopic {
  /** Longer names are read anew each time: what a connection keeps stays small. */
  static final int MAX_KEPT_LENGTH = 128;

  private String topic = "";

  /** Reads a topic name (a UTF-8 Encoded String) from {@code b}, as {@link Utf8#read} does. */
  String read(ByteBuf b) {
    int start = b.readerIndex();
    String kept = topic;
    if (b.readableBytes() >= 2 + kept.length()
        && b.getUnsignedShort(start) == kept.length()
        && sameCharacters(b, start + 2, kept)) {
      b.skipBytes(2 + kept.length());
      return kept;
    }
    String read = Utf8.read(b, PUBLISH);
    int byteLength = b.readerIndex() - start - 2;
    if (byteLength == read.length() && byteLength <= MAX_KEPT_LENGTH) { // as many characters as bytes: ASCII
      topic = read;
    }
    return read;
  }

  private static boolean sameCharacters(ByteBuf b, int from, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (b.getByte(from + i) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
