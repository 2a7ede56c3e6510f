package io.berth.core.channel;

/**
 * What the transport knows about a connection before its CONNECT: which listener took it, the client's address,
 * and the identity its verified TLS client certificate gives (if the listener maps it: peer_cert_as_username /
 * peer_cert_as_clientid).
 *
 * @param listenerId the listener, "ssl:default"
 * @param remoteAddress the client's address as "ip:port" (the one a trusted proxy reported, if any)
 * @param certUsername replaces the CONNECT's User Name when not null
 * @param certClientId replaces the CONNECT's Client Identifier when not null
 */
public record ConnectionInfo(String listenerId, String remoteAddress, String certUsername, String certClientId) {
  /** A connection without certificate identity. */
  public static ConnectionInfo of(String listenerId, String remoteAddress) {
    return new ConnectionInfo(listenerId, remoteAddress, null, null);
  }
}
