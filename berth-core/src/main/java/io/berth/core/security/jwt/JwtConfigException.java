package io.berth.core.security.jwt;

/**
 * A JWT setting that cannot be used: which key ("secret", "public_key", "jwks_file") and why. The message is the
 * reason alone, for the configuration reader's "file:line: key = value: reason" line.
 */
public final class JwtConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String key;

  public JwtConfigException(String key, String reason) {
    super(reason);
    this.key = key;
  }

  public String key() {
    return key;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // a message for the operator, not a bug
  }
}
