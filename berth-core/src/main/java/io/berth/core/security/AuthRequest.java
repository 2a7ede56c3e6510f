package io.berth.core.security;

import io.berth.codec.MqttVersion;

/**
 * What a client presents when it connects, for the authentication chain.
 *
 * @param listenerId the listener that took the connection, "tcp:default"
 * @param peerHost the client's address without port ("10.1.2.3", "::1"), as a trusted proxy reported it if any
 * @param clientId the client identifier (the certificate's when the listener maps it)
 * @param username the CONNECT's User Name (or the certificate's when the listener maps it); null when absent
 * @param password the CONNECT's Password; null when absent
 * @param certCommonName CN of the client's verified TLS certificate; null without one
 * @param certSubject subject DN of the client's verified TLS certificate; null without one
 * @param version the client's MQTT version
 */
public record AuthRequest(
    String listenerId,
    String peerHost,
    String clientId,
    String username,
    byte[] password,
    String certCommonName,
    String certSubject,
    MqttVersion version) {

  public boolean hasCertificate() {
    return certSubject != null;
  }
}
