package io.berth.server.listener;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One listener as {@link ListenerManager#list()} shows it.
 *
 * @param id "tcp:default"
 * @param type "tcp", "ssl", "ws", "wss"
 * @param bind the bound address while running (the real port when the configuration says 0), else the configured one
 * @param enabled the configuration's {@code enable}
 * @param running whether it accepts connections now
 * @param connections connections open now (they may outlive a stop of a few moments while they are closed)
 * @param maxConnections its {@code max_connections}
 * @param accessRules its {@code access_rules} as text, in order ("allow 10.0.0.0/8"); empty: every address
 * @param certificate the certificate new TLS handshakes present; null for tcp and ws, and while stopped
 */
public record ListenerStatus(
    String id, String type, String bind, boolean enabled, boolean running, int connections, int maxConnections,
    java.util.List<String> accessRules, Certificate certificate) {

  /** A TLS listener's certificate: subject DN, serial number (hex) and end of validity. */
  public record Certificate(String subject, String serial, Instant notAfter) {
    /** The certificate's fields, or null without one. */
    static Certificate of(X509Certificate x) {
      return x == null ? null : new Certificate(x.getSubjectX500Principal().getName(),
          x.getSerialNumber().toString(16), x.getNotAfter().toInstant());
    }
  }
}
