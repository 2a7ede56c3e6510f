package io.berth.server.api.auth;

import io.berth.server.api.ApiException;
import java.nio.charset.StandardCharsets;

/** What a new admin password must be: long enough to resist guessing, short enough for bcrypt (72 bytes). */
final class PasswordRules {
  static final int MIN_LENGTH = 12;

  private PasswordRules() {}

  static void check(String password, String old) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw ApiException.badRequest("field 'new_password': at least " + MIN_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
      throw ApiException.badRequest("field 'new_password': at most 72 bytes (bcrypt reads no further)");
    }
    if (password.equals(old)) {
      throw ApiException.badRequest("field 'new_password': must differ from the old password");
    }
  }
}
