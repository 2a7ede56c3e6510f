package io.berth.core.security;

import io.berth.codec.ReasonCode;
import java.util.Map;

/** A provider's answer in an authentication chain: allow, deny, or "not mine" (the next provider decides). */
public sealed interface AuthResult {

  /** Let the client in. */
  record Allow(boolean superuser, Map<String, String> attributes) implements AuthResult {
    public Allow {
      attributes = Map.copyOf(attributes);
    }

    private static final Allow USER = new Allow(false, Map.of());

    /** A client without attributes that is not a superuser (one shared instance: every connection keeps its grant). */
    public static Allow user() {
      return USER;
    }
  }

  /**
   * Refuse the client with a CONNACK reason code (0x86 Bad User Name or Password, 0x87 Not Authorized, 0x8A Banned);
   * {@code why} goes to the log, never to the client.
   */
  record Deny(int reasonCode, String why) implements AuthResult {
    public static Deny badCredentials(String why) {
      return new Deny(ReasonCode.BAD_USER_NAME_OR_PASSWORD, why);
    }

    public static Deny notAuthorized(String why) {
      return new Deny(ReasonCode.NOT_AUTHORIZED, why);
    }
  }

  /** Not this provider's client: ask the next one. */
  record Ignore() implements AuthResult {}

  AuthResult IGNORE = new Ignore();
}
