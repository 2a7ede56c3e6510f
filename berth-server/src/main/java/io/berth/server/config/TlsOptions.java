package io.berth.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A TLS listener's {@code ssl_options} (EMQX 5 names), plus what its verified client certificates stand for.
 *
 * @param certfile the server certificate chain, PEM (leaf first)
 * @param keyfile the server's private key, PEM (PKCS#8, PKCS#1 or SEC1; encrypted with {@code password})
 * @param password the key's password, or null
 * @param cacertfile CA certificates that sign client certificates, PEM; null when none is configured
 * @param verifyPeer verify = verify_peer: ask for a client certificate and check it against the CA
 * @param failIfNoPeerCert with verify_peer: refuse a client that presents no certificate
 * @param depth most intermediate CA certificates allowed between a client certificate and the CA
 * @param versions protocol names as Java knows them ("TLSv1.3", "TLSv1.2"); never 1.0 or 1.1 (RFC 8996)
 * @param ciphers cipher suites, empty for the provider's defaults
 * @param handshakeTimeoutMillis a handshake not finished by then closes the connection
 * @param certAsUsername what of a verified client certificate becomes the MQTT user name
 * @param certAsClientId what of a verified client certificate becomes the MQTT client identifier
 * @param crlfile revoked client certificates: a CRL file (PEM or DER) of a CA in {@code cacertfile}; null when none
 */
public record TlsOptions(
    Path certfile,
    Path keyfile,
    String password,
    Path cacertfile,
    boolean verifyPeer,
    boolean failIfNoPeerCert,
    int depth,
    List<String> versions,
    List<String> ciphers,
    long handshakeTimeoutMillis,
    CertField certAsUsername,
    CertField certAsClientId,
    Path crlfile) {

  public TlsOptions {
    versions = List.copyOf(versions);
    ciphers = List.copyOf(ciphers);
  }

  /** Mutual TLS: a client without a certificate signed by the CA is refused in the handshake. */
  public boolean requiresClientCert() {
    return verifyPeer && failIfNoPeerCert;
  }

  /** Which part of a client certificate's subject names the client (peer_cert_as_username/_clientid). */
  public enum CertField {
    DISABLED,
    /** The subject's Common Name. */
    CN,
    /** The whole subject Distinguished Name, RFC 4514 form ("CN=dev1,O=Acme"). */
    DN
  }
}
