package io.berth.core.security.password;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the Normalize() of SCRAM (RFC 5802 section 2.2) for passwords: "commonly mapped to nothing"
 * characters removed, non-ASCII spaces mapped to SPACE, NFKC, then prohibited characters and the bidirectional rule
 * checked. Unassigned code points are allowed (a "query" in stringprep terms).
 */
public final class SaslPrep {
  private SaslPrep() {}

  /**
   * The bytes SCRAM hashes for a password: printable ASCII as it is (the usual case, unchanged by SASLprep); other
   * valid UTF-8 through SASLprep; bytes that are not UTF-8, or that SASLprep prohibits, as they are. Client and
   * server both call this, so a credential created by {@code berth passwd} and a Berth client always agree; other
   * clients agree for every password that SASLprep accepts.
   */
  public static byte[] normalizePassword(byte[] password) {
    boolean ascii = true;
    for (byte b : password) {
      if (b < 0x20 || b > 0x7e) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return password;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(password))
          .toString();
    } catch (CharacterCodingException e) {
      return password;
    }
    try {
      return prepare(text).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return password;
    }
  }

  /**
   * SASLprep of a string.
   *
   * @throws IllegalArgumentException when the result would contain a prohibited character or break the bidi rule
   */
  public static String prepare(String s) {
    StringBuilder mapped = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (!mappedToNothing(cp)) {
        mapped.appendCodePoint(nonAsciiSpace(cp) ? ' ' : cp);
      }
    });
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    boolean randAl = false;
    boolean l = false;
    int[] cps = normalized.codePoints().toArray();
    for (int cp : cps) {
      if (prohibited(cp)) {
        throw new IllegalArgumentException(String.format("prohibited character U+%04X", cp));
      }
      byte dir = Character.getDirectionality(cp);
      randAl |= dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
      l |= dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
    }
    if (randAl && (l || !isRandAl(cps[0]) || !isRandAl(cps[cps.length - 1]))) {
      throw new IllegalArgumentException("mixed right-to-left and left-to-right text");
    }
    return normalized;
  }

  private static boolean isRandAl(int cp) {
    byte dir = Character.getDirectionality(cp);
    return dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }

  /** RFC 3454 table B.1. */
  private static boolean mappedToNothing(int cp) {
    return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
        || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
  }

  /** RFC 3454 table C.1.2. */
  private static boolean nonAsciiSpace(int cp) {
    return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }

  /** RFC 4013 section 2.3: RFC 3454 tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9. */
  private static boolean prohibited(int cp) {
    return nonAsciiSpace(cp)
        || cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) // C.2.1, C.2.2 controls
        || cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp == 0x200C || cp == 0x200D || cp == 0x2028
        || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
        || (cp >= 0xFFF9 && cp <= 0xFFFD) || (cp >= 0x1D173 && cp <= 0x1D17A) // C.2.2, C.6
        || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)
        || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE // C.3, C.4
        || (cp >= 0xD800 && cp <= 0xDFFF) // C.5
        || (cp >= 0x2FF0 && cp <= 0x2FFB) // C.7
        || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) // C.8
        || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F); // C.9
  }
}
