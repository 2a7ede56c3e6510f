package io.berth.server.api.tester;

import io.berth.server.api.ApiException;
import io.berth.server.client.ClientTls;
import io.berth.server.tls.PemFiles;
import io.berth.server.tls.TlsProblem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The {@code ssl} object of a Tester connection or a self-test: PEM text rather than file names (the admin's
 * browser has the files, the broker does not).
 *
 * @param cacert the CA certificate(s) that sign the server's certificate; none: the system's CAs
 * @param certfile a client certificate (mutual TLS), with {@code keyfile}
 * @param insecure skip the server certificate and name checks
 * @param serverName the name sent as SNI and checked against the certificate (default: the host)
 */
record SslRequest(String cacert, String certfile, String keyfile, Boolean insecure, String serverName) {

  /** The client TLS settings; 400 naming the field for PEM text that does not parse. */
  ClientTls toClientTls() {
    if ((certfile == null) != (keyfile == null)) {
      throw ApiException.badRequest("fields 'ssl.certfile' and 'ssl.keyfile' go together");
    }
    X509Certificate[] cas = cacert == null ? null : certificates(cacert, "ssl.cacert");
    X509Certificate[] chain = certfile == null ? null : certificates(certfile, "ssl.certfile");
    PrivateKey key = null;
    if (keyfile != null) {
      try {
        key = PemFiles.privateKeyIn(keyfile, null);
      } catch (TlsProblem p) {
        throw ApiException.badRequest("field 'ssl.keyfile': " + p.getMessage());
      }
    }
    return new ClientTls(cas, Boolean.TRUE.equals(insecure), null, key, chain);
  }

  private static X509Certificate[] certificates(String pem, String field) {
    try {
      return PemFiles.certificatesIn(pem).toArray(X509Certificate[]::new);
    } catch (TlsProblem p) {
      throw ApiException.badRequest("field '" + field + "': " + p.getMessage());
    }
  }
}
