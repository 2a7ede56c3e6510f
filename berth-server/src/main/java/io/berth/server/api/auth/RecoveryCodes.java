package io.berth.server.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One-time codes that replace a TOTP code when the phone is lost: 10 of them, shown once, stored as digests. */
final class RecoveryCodes {
  static final int COUNT = 10;

  private RecoveryCodes() {}

  /** Ten new codes "xxxx-xxxx-xxxx" (48 random bits each). */
  static List<String> generate(Secrets secrets) {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String h = secrets.hex(6);
      codes.add(h.substring(0, 4) + "-" + h.substring(4, 8) + "-" + h.substring(8));
    }
    return codes;
  }

  static List<String> digests(List<String> codes) {
    return codes.stream().map(c -> Secrets.sha256(normalize(c))).toList();
  }

  /** As typed: dashes, spaces and case do not matter. */
  static String normalize(String code) {
    return code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
  }
}
