package io.berth.core.channel;

import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What the transport knows about a connection before its CONNECT: which listener took it, the client's address,
 * and what its verified TLS client certificate says. Immutable.
 *
 * <p>Kept by every connection (and, through {@code ConnectionFacts}, by its session), so it is compact: the address
 * is held as the host's {@link InetAddress} (the very object of the socket's address when the transport gave one)
 * and the port, and {@link #peerHost} and {@link #remoteAddress} are written out when asked; only an address whose
 * text would not come back the same (a proxy's "[::1]:5000") keeps its text. Without a certificate no certificate
 * fields are held.
 */
public final class ConnectionInfo {
  /** What a verified client certificate says; see the constructor. */
  private record Cert(String username, String clientId, String commonName, String subject) {}

  private final String listenerId;
  private final InetAddress host; // the peer's address; null when it is not IP (a Unix socket)
  private final int port; // -1: none
  // the address as given, when host and port do not rebuild it (a proxy's "[::1]:5000", no port, not IP); else null
  private final String text;
  private final Cert cert; // null without a client certificate

  /**
   * @param listenerId the listener, "ssl:default"
   * @param remoteAddress the client's address as "ip:port" (the one a trusted proxy reported, if any)
   * @param certUsername replaces the CONNECT's User Name when not null (peer_cert_as_username)
   * @param certClientId replaces the CONNECT's Client Identifier when not null (peer_cert_as_clientid)
   * @param certCommonName the verified client certificate's subject CN; null without one
   * @param certSubject the verified client certificate's subject DN; null without a certificate
   */
  public ConnectionInfo(String listenerId, String remoteAddress, String certUsername, String certClientId,
      String certCommonName, String certSubject) {
    this.listenerId = listenerId;
    this.cert = cert(certUsername, certClientId, certCommonName, certSubject);
    this.host = Cidr.hostOf(remoteAddress);
    this.port = host == null ? -1 : portOf(remoteAddress);
    this.text = port >= 0 && address(host.getHostAddress(), port).equals(remoteAddress) ? null : remoteAddress;
  }

  /**
   * A connection whose address the transport gave as a socket address: its {@link InetAddress} is kept, not copied.
   * The certificate fields as for {@link #ConnectionInfo(String, String, String, String, String, String)}.
   */
  public ConnectionInfo(String listenerId, InetSocketAddress remote, String certUsername, String certClientId,
      String certCommonName, String certSubject) {
    this.listenerId = listenerId;
    this.cert = cert(certUsername, certClientId, certCommonName, certSubject);
    this.host = Cidr.unmapped(remote.getAddress());
    this.port = remote.getPort();
    this.text = null;
  }

  private static Cert cert(String username, String clientId, String commonName, String subject) {
    return username == null && clientId == null && commonName == null && subject == null ? null
        : new Cert(username, clientId, commonName, subject);
  }

  /** A connection without a client certificate. */
  public static ConnectionInfo of(String listenerId, String remoteAddress) {
    return new ConnectionInfo(listenerId, remoteAddress, null, null, null, null);
  }

  /** The listener, "ssl:default". */
  public String listenerId() {
    return listenerId;
  }

  /** The client's address as "ip:port" (the one a trusted proxy reported, if any); built anew on each call. */
  public String remoteAddress() {
    return text != null || host == null ? text : address(host.getHostAddress(), port);
  }

  /** The client's address without its port ("10.0.0.7", "0:0:0:0:0:0:0:1"); a Unix socket's description as it is. */
  public String peerHost() {
    return host != null ? host.getHostAddress() : text; // not IP: its description is its peer host
  }

  /** Replaces the CONNECT's User Name when not null (peer_cert_as_username). */
  public String certUsername() {
    return cert == null ? null : cert.username();
  }

  /** Replaces the CONNECT's Client Identifier when not null (peer_cert_as_clientid). */
  public String certClientId() {
    return cert == null ? null : cert.clientId();
  }

  /** The verified client certificate's subject CN; null without one. */
  public String certCommonName() {
    return cert == null ? null : cert.commonName();
  }

  /** The verified client certificate's subject DN; null without a certificate. */
  public String certSubject() {
    return cert == null ? null : cert.subject();
  }

  @Override
  public String toString() {
    return "ConnectionInfo[listenerId=" + listenerId + ", remoteAddress=" + remoteAddress() + ", certUsername="
        + certUsername() + ", certClientId=" + certClientId() + ", certCommonName=" + certCommonName()
        + ", certSubject=" + certSubject() + "]";
  }

  private static String address(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The port of "10.0.0.7:5000" or "[::1]:5000", -1 when the text has none. */
  private static int portOf(String s) {
    int colon = s.lastIndexOf(':');
    boolean hasPort = s.startsWith("[") ? colon > s.indexOf(']') : colon >= 0 && colon == s.indexOf(':');
    if (!hasPort) {
      return -1;
    }
    try {
      int p = Integer.parseInt(s.substring(colon + 1));
      return p >= 0 && p <= 65535 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
