package io.berth.server.api.listeners;

import io.berth.server.listener.ListenerStatus;

/**
 * A listener as the API shows it.
 *
 * @param maxConnections a number, or "infinity"
 * @param accessRules the listener's access_rules in order ("allow 10.0.0.0/8", "deny all"); empty: everyone
 * @param certificate the certificate new TLS handshakes present (ssl, wss, quic while running), else absent
 */
record ListenerView(
    String id, String type, String name, String bind, boolean enabled, boolean running, int currentConnections,
    Object maxConnections, java.util.List<String> accessRules, Certificate certificate) {

  record Certificate(String subject, String serial, String expiresAt) {}

  static ListenerView of(ListenerStatus s) {
    String name = s.id().substring(s.id().indexOf(':') + 1);
    Certificate cert = s.certificate() == null ? null : new Certificate(s.certificate().subject(),
        s.certificate().serial(), s.certificate().notAfter().toString());
    return new ListenerView(s.id(), s.type(), name, s.bind(), s.enabled(), s.running(), s.connections(),
        s.maxConnections() == Integer.MAX_VALUE ? "infinity" : s.maxConnections(), s.accessRules(), cert);
  }
}
