package io.berth.core.channel;

import io.berth.core.net.Cidr;
import java.net.InetAddress;

/**
 * What the transport knows about a connection before its CONNECT: which listener took it, the client's address,
 * and what its verified TLS client certificate says.
 *
 * @param listenerId the listener, "ssl:default"
 * @param remoteAddress the client's address as "ip:port" (the one a trusted proxy reported, if any)
 * @param certUsername replaces the CONNECT's User Name when not null (peer_cert_as_username)
 * @param certClientId replaces the CONNECT's Client Identifier when not null (peer_cert_as_clientid)
 * @param certCommonName the verified client certificate's subject CN; null without one
 * @param certSubject the verified client certificate's subject DN; null without a certificate
 */
public record ConnectionInfo(
    String listenerId,
    String remoteAddress,
    String certUsername,
    String certClientId,
    String certCommonName,
    String certSubject) {

  /** A connection without a client certificate. */
  public static ConnectionInfo of(String listenerId, String remoteAddress) {
    return new ConnectionInfo(listenerId, remoteAddress, null, null, null, null);
  }

  /** The client's address without its port ("10.0.0.7", "0:0:0:0:0:0:0:1"); a Unix socket's description as it is. */
  public String peerHost() {
    InetAddress a = Cidr.hostOf(remoteAddress);
    return a == null ? remoteAddress : a.getHostAddress();
  }
}
