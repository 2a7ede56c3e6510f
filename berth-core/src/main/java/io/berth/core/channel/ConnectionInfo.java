package io.berth.core.channel;

/**
 * What the transport knows about a connection before its CONNECT: which listener took it, the client's address,
 * and what its verified TLS client certificate says: the identity the listener maps (peer_cert_as_username /
 * peer_cert_as_clientid), and the subject itself (for authentication and ACL templates, mapped or not).
 *
 * @param listenerId the listener, "ssl:default"
 * @param remoteAddress the client's address as "ip:port" (the one a trusted proxy reported, if any)
 * @param certUsername replaces the CONNECT's User Name when not null
 * @param certClientId replaces the CONNECT's Client Identifier when not null
 * @param certCommonName the verified client certificate's subject CN; null without a certificate or CN
 * @param certSubject the verified client certificate's subject DN (RFC 4514); null without a certificate
 */
public record ConnectionInfo(String listenerId, String remoteAddress, String certUsername, String certClientId,
                             String certCommonName, String certSubject) {

  /** A connection whose certificate (if any) is known only by the names the listener maps. */
  public ConnectionInfo(String listenerId, String remoteAddress, String certUsername, String certClientId) {
    this(listenerId, remoteAddress, certUsername, certClientId, null, null);
  }

  /** A connection without a client certificate. */
  public static ConnectionInfo of(String listenerId, String remoteAddress) {
    return new ConnectionInfo(listenerId, remoteAddress, null, null, null, null);
  }
}
