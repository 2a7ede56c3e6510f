package io.berth.core.security;

import java.util.Map;

/**
 * An authenticated client as authorization sees it: the values ACL rules and templates (${clientid}, ${username},
 * ${cert_common_name}, ${peerhost}) refer to.
 *
 * @param clientId the client identifier
 * @param username the user name, null when none
 * @param peerHost the client's address without port
 * @param certCommonName CN of its verified TLS certificate, null without one
 * @param listenerId the listener it connected through
 * @param superuser superusers bypass authorization
 * @param attributes what the authenticating provider added (JWT claims as strings, ...)
 */
public record ClientIdentity(
    String clientId,
    String username,
    String peerHost,
    String certCommonName,
    String listenerId,
    boolean superuser,
    Map<String, String> attributes) {

  public ClientIdentity {
    attributes = Map.copyOf(attributes);
  }
}
