package io.berth.server.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Certificates for tests, written as PEM into a temporary directory: good ones, an expired one, a stranger's key, a
 * CRL of the CA (crl.pem) and one of another CA (foreign-crl.pem).
 */
public final class TestCerts {
  public final Path dir;
  private final Pki.Issued ca;

  public TestCerts(Path dir) throws Exception {
    this.dir = dir;
    Instant now = Instant.now().minus(Duration.ofHours(1));
    Instant later = now.plus(Duration.ofDays(2));
    ca = Pki.newCa("Test CA", now, later.plus(Duration.ofDays(1)));
    Pki.Issued server = Pki.issue(ca, "localhost", List.of("localhost", "127.0.0.1"), Pki.Usage.SERVER, now, later);
    Pki.Issued expired = Pki.issue(ca, "old", List.of("localhost"), Pki.Usage.SERVER,
        now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
    Pki.writeCertificates(dir.resolve("ca.pem"), ca.cert());
    Pki.writeCertificates(dir.resolve("server.pem"), server.cert());
    Pki.writeKey(dir.resolve("server.key"), server.keys().getPrivate(), null);
    Pki.writeKey(dir.resolve("server-enc.key"), server.keys().getPrivate(), "s3cret");
    Pki.writeCertificates(dir.resolve("expired.pem"), expired.cert());
    Pki.writeKey(dir.resolve("expired.key"), expired.keys().getPrivate(), null);
    Pki.writeKey(dir.resolve("other.key"), Pki.newKeyPair().getPrivate(), null);
    Pki.Issued lost = Pki.issue(ca, "lost", List.of(), Pki.Usage.CLIENT, now, later);
    Pki.writeCrl(dir.resolve("crl.pem"), Pki.crl(ca, List.of(lost.cert()), now, later));
    Pki.Issued otherCa = Pki.newCa("Other CA", now, later);
    Pki.writeCrl(dir.resolve("foreign-crl.pem"), Pki.crl(otherCa, List.of(), now, later));
  }

  /** A new server certificate of the same CA with Common Name {@code cn}, written to {@code cert} and {@code key}. */
  public void writeServer(String cn, Path cert, Path key) throws Exception {
    Instant now = Instant.now().minus(Duration.ofHours(1));
    Pki.Issued server = Pki.issue(ca, cn, List.of("localhost", "127.0.0.1"), Pki.Usage.SERVER, now,
        now.plus(Duration.ofDays(2)));
    Pki.writeCertificates(cert, server.cert());
    Pki.writeKey(key, server.keys().getPrivate(), null);
  }

  public String path(String name) {
    return dir.resolve(name).toString();
  }
}
