package io.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.server.config.TlsOptions;
import io.berth.server.config.TlsOptions.CertField;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ssl_options.crlfile: reading and checking the file, and a revoked client refused by either TLS provider. */
class CrlCheckTest {
  @TempDir static Path dir;
  static Pki.Issued ca;
  static Pki.Issued good;
  static Pki.Issued revoked;
  static Pki.Issued otherCa;
  static Instant from = Instant.now().minus(Duration.ofHours(1));
  static Instant to = from.plus(Duration.ofDays(2));

  @BeforeAll
  static void pki() throws Exception {
    ca = Pki.newCa("Test CA", from, to);
    otherCa = Pki.newCa("Other CA", from, to);
    Pki.Issued server = Pki.issue(ca, "localhost", List.of("localhost"), Pki.Usage.SERVER, from, to);
    good = Pki.issue(ca, "good", List.of(), Pki.Usage.CLIENT, from, to);
    revoked = Pki.issue(ca, "lost", List.of(), Pki.Usage.CLIENT, from, to);
    Pki.writeCertificates(dir.resolve("ca.pem"), ca.cert());
    Pki.writeCertificates(dir.resolve("server.pem"), server.cert());
    Pki.writeKey(dir.resolve("server.key"), server.keys().getPrivate(), null);
    Pki.writeCrl(dir.resolve("crl.pem"), Pki.crl(ca, List.of(revoked.cert()), from, to));
    Files.write(dir.resolve("crl.der"), Pki.crl(ca, List.of(revoked.cert()), from, to).getEncoded());
    Pki.writeCrl(dir.resolve("foreign.pem"), Pki.crl(otherCa, List.of(revoked.cert()), from, to));
  }

  static List<X509Certificate> cas() {
    return List.of(ca.cert());
  }

  static TlsOptions mutual(String crl) {
    return new TlsOptions(dir.resolve("server.pem"), dir.resolve("server.key"), null, dir.resolve("ca.pem"), true,
        true, 10, List.of("TLSv1.3", "TLSv1.2"), List.of(), 15_000, CertField.CN, CertField.DISABLED,
        crl == null ? null : dir.resolve(crl));
  }

  @Test
  void listedCertificatesAreRevokedOthersPass() throws Exception {
    for (String file : new String[] {"crl.pem", "crl.der"}) {
      CrlCheck check = CrlCheck.load(dir.resolve(file), cas());
      check.check(new X509Certificate[] {good.cert()});
      assertThatThrownBy(() -> check.check(new X509Certificate[] {revoked.cert()}))
          .isInstanceOfSatisfying(CertificateRevokedException.class, e -> {
            assertThat(e.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
            assertThat(e.getAuthorityName()).isEqualTo(ca.cert().getSubjectX500Principal());
          });
    }
  }

  @Test
  void aCertificateOfAnotherCaWithTheSameSerialIsNotRevoked() throws Exception {
    // the CRL of Other CA lists the serial of "lost"; it speaks only of Other CA's certificates
    CrlCheck check = CrlCheck.load(dir.resolve("foreign.pem"), List.of(otherCa.cert()));
    check.check(new X509Certificate[] {revoked.cert()});
  }

  @Test
  void badFilesAreProblemsWithTheirReason() throws Exception {
    assertThatThrownBy(() -> CrlCheck.load(dir.resolve("missing.pem"), cas())).hasMessage("no such file");
    Path notCrl = dir.resolve("not-a-crl.pem");
    Files.writeString(notCrl, "hello\n");
    assertThatThrownBy(() -> CrlCheck.load(notCrl, cas())).isInstanceOf(TlsProblem.class)
        .hasMessageStartingWith("not a CRL file");
    assertThatThrownBy(() -> CrlCheck.load(dir.resolve("server.pem"), cas())).isInstanceOf(TlsProblem.class)
        .hasMessageStartingWith("not a CRL file");
    assertThatThrownBy(() -> CrlCheck.load(dir.resolve("foreign.pem"), cas()))
        .hasMessage("the CRL's issuer CN=Other CA,O=Berth is not a CA in cacertfile");
    // same issuer name, another key: a forged list
    Pki.Issued impostor = Pki.newCa("Test CA", from, to);
    Path forged = dir.resolve("forged.pem");
    Pki.writeCrl(forged, Pki.crl(impostor, List.of(good.cert()), from, to));
    assertThatThrownBy(() -> CrlCheck.load(forged, cas()))
        .hasMessage("the CRL of CN=Test CA,O=Berth is not signed by that CA's key in cacertfile");
  }

  @Test
  void serverTlsNamesTheCrlfileKey() {
    assertThatThrownBy(() -> ServerTls.load(mutual("foreign.pem")))
        .isInstanceOfSatisfying(TlsProblem.class, p -> assertThat(p.key()).isEqualTo("crlfile"));
  }

  @Test
  void aNewCrlChangesTheFingerprintSoReloadsPickItUp() throws Exception {
    Path live = dir.resolve("live-crl.pem");
    Pki.writeCrl(live, Pki.crl(ca, List.of(), from, to));
    TlsOptions o = mutual("live-crl.pem");
    String before = TlsFiles.fingerprint(o);
    Pki.writeCrl(live, Pki.crl(ca, List.of(revoked.cert()), from, to));
    assertThat(TlsFiles.fingerprint(o)).isNotEqualTo(before);
    assertThat(TlsFiles.of(o)).contains(live);
  }

  @Test
  void reloadKeepsTheOldListWhenTheNewFileIsBad() throws Exception {
    Path live = dir.resolve("reloaded-crl.pem");
    Pki.writeCrl(live, Pki.crl(ca, List.of(), from, to));
    try (TlsHead head = TlsHead.create(mutual("reloaded-crl.pem"))) {
      Files.writeString(live, "garbage\n");
      TlsHead.Check refused = head.reloadIfChanged();
      assertThat(refused.outcome()).isEqualTo(TlsHead.Outcome.REFUSED);
      assertThat(refused.message()).startsWith("new certificate files refused: ssl_options.crlfile = \"" + live
          + "\": not a CRL file").contains("; keeping CN=localhost,O=Berth");
      Pki.writeCrl(live, Pki.crl(ca, List.of(revoked.cert()), from, to));
      assertThat(head.reloadIfChanged().outcome()).isEqualTo(TlsHead.Outcome.RELOADED);
      assertThat(head.reloadIfChanged().outcome()).isEqualTo(TlsHead.Outcome.UNCHANGED);
    }
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
  void revokedClientIsRefusedInTheHandshakeByEitherProvider(SslProvider provider) throws Exception {
    SslContext server = ServerTls.build(mutual("crl.pem"), provider);
    try {
      assertThat(handshake(server, good)).isNull();
      SSLException refused = handshake(server, revoked);
      assertThat(refused).isNotNull();
      // without the CRL the same certificate is accepted: the refusal is the revocation
      SslContext noCrl = ServerTls.build(mutual(null), provider);
      try {
        assertThat(handshake(noCrl, revoked)).isNull();
      } finally {
        ReferenceCountUtil.release(noCrl);
      }
    } finally {
      ReferenceCountUtil.release(server);
    }
  }

  private static SSLException handshake(SslContext server, Pki.Issued clientCert) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("c", clientCert.keys().getPrivate(), "x".toCharArray(), new X509Certificate[] {clientCert.cert()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "x".toCharArray());
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca.cert());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLEngine client = ctx.createSSLEngine("localhost", 8883);
    client.setUseClientMode(true);
    SSLEngine engine = server.newEngine(ByteBufAllocator.DEFAULT);
    try {
      return EngineHandshake.run(client, engine);
    } finally {
      ReferenceCountUtil.release(engine);
    }
  }
}
