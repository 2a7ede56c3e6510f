package io.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.server.config.TlsOptions;
import io.berth.server.config.TlsOptions.CertField;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerTlsTest {
  @TempDir static Path dir;
  static TestCerts certs;

  @BeforeAll
  static void makeCerts() throws Exception {
    certs = new TestCerts(dir);
  }

  static TlsOptions options(boolean mutual, List<String> ciphers) {
    return new TlsOptions(dir.resolve("server.pem"), dir.resolve("server.key"), null, dir.resolve("ca.pem"), mutual,
        mutual, 10, List.of("TLSv1.3", "TLSv1.2"), ciphers, 15_000, CertField.CN, CertField.DISABLED, null);
  }

  @Test
  void boringSslIsAvailableHere() {
    // netty-tcnative-boringssl-static linux-x86_64 is on the class path: the build machine is Linux x86-64
    assertThat(OpenSsl.isAvailable()).as(String.valueOf(OpenSsl.unavailabilityCause())).isTrue();
    assertThat(ServerTls.providerName(ServerTls.bestProvider())).isEqualTo("BoringSSL");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
  void buildsWithEitherProvider(SslProvider provider) throws Exception {
    SslContext ctx = ServerTls.build(options(true, List.of()), provider);
    try {
      assertThat(ctx.isServer()).isTrue();
      assertThat(ctx.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT).getEnabledProtocols())
          .contains("TLSv1.3", "TLSv1.2").doesNotContain("TLSv1", "TLSv1.1", "SSLv3");
    } finally {
      ReferenceCountUtil.release(ctx);
    }
  }

  @Test
  void unknownCipherIsAProblemOfTheCiphersKey() {
    assertThatThrownBy(() -> ServerTls.build(options(false, List.of("NO_SUCH_CIPHER")), SslProvider.JDK))
        .isInstanceOfSatisfying(TlsProblem.class, p -> assertThat(p.key()).isEqualTo("ciphers"));
  }

  @Test
  void commonNameAndDistinguishedName() throws Exception {
    X509Certificate cert = PemFiles.certificates(dir.resolve("server.pem")).get(0);
    assertThat(CertIdentity.of(cert, CertField.CN)).isEqualTo("localhost");
    assertThat(CertIdentity.of(cert, CertField.DN)).isEqualTo("CN=localhost,O=Berth");
    assertThat(CertIdentity.of(cert, CertField.DISABLED)).isNull();
  }
}
