package io.berth.core.security.password;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Parsing and encoding helpers shared by the schemes: Base64, hex, integers, salts. */
final class Fields {
  static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern B64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
  private static final Pattern HEX = Pattern.compile("(?:[0-9A-Fa-f]{2})*");
  private static final Base64.Encoder B64_UNPADDED = Base64.getEncoder().withoutPadding();

  private Fields() {}

  static byte[] salt(int length) {
    byte[] salt = new byte[length];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** Standard Base64 without padding (PHC strings). */
  static String b64(byte[] bytes) {
    return B64_UNPADDED.encodeToString(bytes);
  }

  /** Standard Base64 with padding (Mosquitto's fields). */
  static String b64Padded(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Standard Base64, padding optional; never empty. */
  static byte[] fromB64(String scheme, String what, String field) throws MalformedHashException {
    if (field.isEmpty()) {
      throw new MalformedHashException(scheme + " hash: the " + what + " is empty");
    }
    if (!B64.matcher(field).matches() || field.replace("=", "").length() % 4 == 1) {
      throw new MalformedHashException(scheme + " hash: the " + what + " is not valid Base64");
    }
    try {
      return Base64.getDecoder().decode(field);
    } catch (IllegalArgumentException e) {
      throw new MalformedHashException(scheme + " hash: the " + what + " is not valid Base64");
    }
  }

  static byte[] fromHex(String scheme, String what, String field) throws MalformedHashException {
    if (field.isEmpty() || !HEX.matcher(field).matches()) {
      throw new MalformedHashException(scheme + " hash: the " + what + " is not an even number of hex digits");
    }
    return HexFormat.of().parseHex(field);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** A decimal integer in [min, max]. */
  static int integer(String scheme, String what, String field, int min, int max) throws MalformedHashException {
    if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedHashException(scheme + " hash: the " + what + " is not a number");
    }
    long value = field.length() > 12 ? Long.MAX_VALUE : Long.parseLong(field);
    if (value < min || value > max) {
      throw new MalformedHashException(
          scheme + " hash: the " + what + " must be between " + min + " and " + max + ", was " + value);
    }
    return (int) value;
  }

  /** {@code name=<integer>} in [min, max]. */
  static int param(String scheme, String name, String field, int min, int max) throws MalformedHashException {
    if (!field.startsWith(name + "=")) {
      throw new MalformedHashException(scheme + " hash: expected " + name + "=<number>");
    }
    return integer(scheme, name, field.substring(name.length() + 1), min, max);
  }

  /** The string split at '$' after its leading '$', with exactly {@code count} fields. */
  static String[] split(String scheme, String encoded, int count, String format) throws MalformedHashException {
    String[] parts = encoded.substring(1).split("\\$", -1);
    if (parts.length != count) {
      throw new MalformedHashException(scheme + " hash: expected " + format);
    }
    return parts;
  }
}
