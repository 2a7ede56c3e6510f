package io.berth.core.security.acl;

import io.berth.core.security.ClientIdentity;
import java.util.Map;

/** Client identities for tests. */
final class Clients {
  private Clients() {}

  static ClientIdentity client(String clientId, String username, String peerHost) {
    return new ClientIdentity(clientId, username, peerHost, null, "tcp:default", false, Map.of());
  }

  static ClientIdentity anonymous(String clientId) {
    return client(clientId, null, "192.0.2.10");
  }

  static ClientIdentity user(String username) {
    return client("c-" + username, username, "192.0.2.10");
  }

  static ClientIdentity withCert(String clientId, String commonName) {
    return new ClientIdentity(clientId, null, "192.0.2.10", commonName, "ssl:default", false, Map.of());
  }

  static ClientIdentity withAttributes(String clientId, Map<String, String> attributes) {
    return new ClientIdentity(clientId, null, "192.0.2.10", null, "tcp:default", false, attributes);
  }

  static ClientIdentity superuser(String username) {
    return new ClientIdentity("c-" + username, username, "192.0.2.10", null, "tcp:default", true, Map.of());
  }
}
