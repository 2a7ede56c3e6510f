package io.berth.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 Encoded Strings (spec 1.5.4): two byte length, then well-formed UTF-8 without U+0000. Most MQTT strings are
 * ASCII, so both directions check eight bytes at a time before falling back to the full validation.
 */
final class Utf8 {
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;

  private Utf8() {}

  static String read(ByteBuf b, int packetType) {
    int len = Wire.readShort(b, packetType);
    Wire.need(b, len, packetType);
    int start = b.readerIndex();
    String s;
    if (isAsciiWithoutNul(b, start, len)) {
      s = b.toString(start, len, StandardCharsets.US_ASCII);
    } else {
      validate(b, start, start + len, packetType);
      s = b.toString(start, len, StandardCharsets.UTF_8);
    }
    b.skipBytes(len);
    return s;
  }

  /** Encoded size including the two length bytes. */
  static int size(String s) {
    int n = ByteBufUtil.utf8Bytes(s);
    if (n > 0xFFFF) {
      throw new IllegalArgumentException("UTF-8 string over 65,535 bytes");
    }
    return 2 + n;
  }

  static void write(ByteBuf out, String s) {
    int n = ByteBufUtil.utf8Bytes(s);
    out.writeShort(n);
    ByteBufUtil.reserveAndWriteUtf8(out, s, n); // reserves exactly n: the buffer was sized exactly, never grows
  }

  private static boolean isAsciiWithoutNul(ByteBuf b, int start, int len) {
    int i = start;
    int end = start + len;
    for (; i + 8 <= end; i += 8) {
      long w = b.getLong(i);
      if ((w & HIGH_BITS) != 0 || ((w - LOW_BITS) & ~w & HIGH_BITS) != 0) { // a non-ASCII or a zero byte
        return false;
      }
    }
    for (; i < end; i++) {
      if (b.getByte(i) <= 0) {
        return false;
      }
    }
    return true;
  }

  /** Well-formed UTF-8 per Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF. */
  private static void validate(ByteBuf b, int i, int end, int packetType) {
    while (i < end) {
      int c = b.getUnsignedByte(i);
      if (c < 0x80) {
        if (c == 0) {
          throw Wire.malformed(packetType, "U+0000 in a UTF-8 string [MQTT-1.5.4-2]");
        }
        i++;
        continue;
      }
      int extra;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        extra = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        extra = 2;
        if (c == 0xE0) {
          lo = 0xA0; // overlong
        } else if (c == 0xED) {
          hi = 0x9F; // U+D800..U+DFFF are surrogates [MQTT-1.5.4-1]
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        extra = 3;
        if (c == 0xF0) {
          lo = 0x90; // overlong
        } else if (c == 0xF4) {
          hi = 0x8F; // above U+10FFFF
        }
      } else {
        throw Wire.malformed(packetType, "ill-formed UTF-8 [MQTT-1.5.4-1]");
      }
      if (i + extra >= end) {
        throw Wire.malformed(packetType, "truncated UTF-8 sequence [MQTT-1.5.4-1]");
      }
      int c1 = b.getUnsignedByte(i + 1);
      if (c1 < lo || c1 > hi) {
        throw Wire.malformed(packetType, "ill-formed UTF-8 [MQTT-1.5.4-1]");
      }
      for (int k = 2; k <= extra; k++) {
        int ck = b.getUnsignedByte(i + k);
        if (ck < 0x80 || ck > 0xBF) {
          throw Wire.malformed(packetType, "ill-formed UTF-8 [MQTT-1.5.4-1]");
        }
      }
      i += extra + 1;
    }
  }
}
