package io.berth.core.security.scram;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** The syntax of RFC 5802's messages, shared by the client and the server. */
final class ScramMessages {
  static final SecureRandom RANDOM = new SecureRandom();
  /** A larger count would let a server keep a client busy for minutes (or a file make logins that slow). */
  static final int MAX_ITERATIONS = 10_000_000;

  private ScramMessages() {}

  /** 24 printable characters without ',' (Base64 of 18 random bytes). */
  static String nonce() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String utf8(byte[] message, String what) throws ScramException {
    if (message == null || message.length == 0) {
      throw new ScramException("no " + what);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(message))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ScramException("the " + what + " is not UTF-8");
    }
  }

  static byte[] bytes(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }

  /** saslname: ',' as "=2C" and '=' as "=3D". */
  static String escape(String name) {
    return name.replace("=", "=3D").replace(",", "=2C");
  }

  static String unescape(String saslname) throws ScramException {
    StringBuilder out = new StringBuilder(saslname.length());
    for (int i = 0; i < saslname.length(); i++) {
      char c = saslname.charAt(i);
      if (c != '=') {
        out.append(c);
      } else if (saslname.startsWith("=2C", i)) {
        out.append(',');
        i += 2;
      } else if (saslname.startsWith("=3D", i)) {
        out.append('=');
        i += 2;
      } else {
        throw new ScramException("a user name with a bad '=' escape");
      }
    }
    return out.toString();
  }

  static boolean printableNonce(String nonce) {
    return !nonce.isEmpty() && nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ',');
  }

  static byte[] b64(String field, String what) throws ScramException {
    try {
      return Base64.getDecoder().decode(field);
    } catch (IllegalArgumentException e) {
      throw new ScramException(what + " is not valid Base64");
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The value of attribute {@code name} ("r", "s", ...) at the start of {@code field}. */
  static String attribute(String field, char name, String what) throws ScramException {
    if (field.length() < 2 || field.charAt(0) != name || field.charAt(1) != '=') {
      throw new ScramException("expected " + name + "= (" + what + ")");
    }
    return field.substring(2);
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
