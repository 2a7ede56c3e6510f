package io.berth.core.security.scram;

/** A SCRAM exchange that cannot go on: a malformed message, a nonce or signature that does not match, an e=. */
public final class ScramException extends Exception {
  private static final long serialVersionUID = 1L;

  public ScramException(String message) {
    super(message, null, false, false);
  }
}
