package io.berth.it;

import io.berth.server.tls.Pki;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for one test class, in a temporary directory, never committed: a CA, the broker's certificate
 * (localhost, 127.0.0.1), a client certificate with CN=device-1, and a "rogue" client certificate with the same CN
 * signed by another CA. Builds the SSLSocketFactory and key/trust manager factories that Java clients take.
 */
public final class TestPki {
  public static final String CLIENT_CN = "device-1";
  private static final char[] PASSWORD = "test".toCharArray();
  public final Path dir;
  private final Pki.Issued ca;
  private final Pki.Issued client;
  private final Pki.Issued rogue;

  public TestPki(Path dir) throws Exception {
    this.dir = dir;
    Instant from = Instant.now().minus(Duration.ofHours(1));
    Instant to = from.plus(Duration.ofDays(2));
    ca = Pki.newCa("Test CA", from, to);
    Pki.Issued server = Pki.issue(ca, "localhost", List.of("localhost", "127.0.0.1"), Pki.Usage.SERVER, from, to);
    client = Pki.issue(ca, CLIENT_CN, List.of(), Pki.Usage.CLIENT, from, to);
    Pki.Issued otherCa = Pki.newCa("Other CA", from, to);
    rogue = Pki.issue(otherCa, CLIENT_CN, List.of(), Pki.Usage.CLIENT, from, to);
    Pki.writeCertificates(dir.resolve("ca.pem"), ca.cert());
    Pki.writeCertificates(dir.resolve("server.pem"), server.cert());
    Pki.writeKey(dir.resolve("server.key"), server.keys().getPrivate(), null);
    Pki.writeCertificates(dir.resolve("client.pem"), client.cert());
    Pki.writeKey(dir.resolve("client.key"), client.keys().getPrivate(), null);
  }

  /** A new broker certificate (localhost, 127.0.0.1) of the same CA, with Common Name {@code cn}: a rotation. */
  public void writeServer(String cn, Path cert, Path key) throws Exception {
    Instant from = Instant.now().minus(Duration.ofHours(1));
    Pki.Issued server = Pki.issue(ca, cn, List.of("localhost", "127.0.0.1"), Pki.Usage.SERVER, from,
        from.plus(Duration.ofDays(2)));
    Pki.writeCertificates(cert, server.cert());
    Pki.writeKey(key, server.keys().getPrivate(), null);
  }

  /** The test CA's certificate. */
  public X509Certificate caCertificate() {
    return ca.cert();
  }

  /** Another client certificate of the test CA, with Common Name {@code cn}. */
  public Pki.Issued newClient(String cn) throws Exception {
    Instant from = Instant.now().minus(Duration.ofHours(1));
    return Pki.issue(ca, cn, List.of(), Pki.Usage.CLIENT, from, from.plus(Duration.ofDays(2)));
  }

  /** Writes a CRL of the test CA revoking {@code revoked} (none: an empty list) to {@code file}. */
  public void writeCrl(Path file, Pki.Issued... revoked) throws Exception {
    Instant from = Instant.now().minus(Duration.ofMinutes(5));
    List<X509Certificate> certs = java.util.Arrays.stream(revoked).map(Pki.Issued::cert).toList();
    Pki.writeCrl(file, Pki.crl(ca, certs, from, from.plus(Duration.ofDays(1))));
  }

  /** For Java clients: trusts the test CA and presents {@code client}'s certificate. */
  public SSLSocketFactory socketFactoryWith(Pki.Issued client) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys(client).getKeyManagers(), trust().getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  /** {@code who}'s key and certificate, as Java clients take them. */
  public KeyManagerFactory keys(Pki.Issued who) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", who.keys().getPrivate(), PASSWORD, new X509Certificate[] {who.cert()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    return kmf;
  }

  /** The certificate a TLS listener on {@code port} presents to a new client now. */
  public X509Certificate serverCertificate(int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trust().getTrustManagers(), null);
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("localhost",
        port)) {
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  public String path(String file) {
    return dir.resolve(file).toString();
  }

  /** HOCON ssl_options for the broker; {@code extra} adds keys (", verify = verify_peer"). */
  public String sslOptions(String extra) {
    return "ssl_options { certfile = \"" + path("server.pem") + "\", keyfile = \"" + path("server.key")
        + "\", cacertfile = \"" + path("ca.pem") + "\"" + extra + " }";
  }

  public TrustManagerFactory trust() throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca.cert());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf;
  }

  /** The client's key: the good one, or the one from the other CA. */
  public KeyManagerFactory keys(boolean fromOtherCa) throws Exception {
    return keys(fromOtherCa ? rogue : client);
  }

  /** For Paho: trusts the test CA; presents a client certificate when {@code cert} is "good" or "rogue". */
  public SSLSocketFactory socketFactory(String cert) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(cert == null ? null : keys(cert.equals("rogue")).getKeyManagers(), trust().getTrustManagers(), null);
    return ctx.getSocketFactory();
  }
}
