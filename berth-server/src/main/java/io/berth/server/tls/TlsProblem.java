package io.berth.server.tls;

import java.io.IOException;

/**
 * A TLS setting that cannot be used: which {@code ssl_options} key ("certfile"), and why ("certificate expired on
 * 2024-01-01T00:00:00Z (CN=broker)"). The message is the whole reason, without the key.
 */
public final class TlsProblem extends IOException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public TlsProblem(String key, String reason) {
    super(reason);
    this.key = key;
  }

  /** The ssl_options key at fault, or null while the file is not yet known (set by the caller). */
  public String key() {
    return key;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // a message for the operator, not a bug
  }
}
