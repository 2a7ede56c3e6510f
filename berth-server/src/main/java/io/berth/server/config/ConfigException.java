package io.berth.server.config;

/**
 * A configuration that cannot be used. {@link #getMessage()} is the whole user-facing text, one line naming the
 * file, the line, the key, the bad value and what is allowed; start-up prints it and exits with code 2.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    // No cause and no stack trace: the message says everything the operator needs.
    super(message, null, false, false);
  }
}
