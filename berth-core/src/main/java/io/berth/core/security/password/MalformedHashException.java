package io.berth.core.security.password;

/**
 * A stored password hash that cannot be used: an unknown scheme, a missing field, bad Base64, parameters out of range.
 * The message says what is wrong without quoting the hash.
 */
public final class MalformedHashException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedHashException(String message) {
    super(message, null, false, false);
  }
}
