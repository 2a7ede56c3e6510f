package io.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.tls.PemFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsInitTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return BerthCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
  }

  @Test
  void writesCaServerAndClientAndNeverOverwrites() throws Exception {
    Path certs = dir.resolve("certs");
    StringWriter err = new StringWriter();
    assertThat(run(err, "certs", "init", "--dir", certs.toString(), "--hosts", "mqtt.example.com,10.9.8.7",
        "--days", "30")).as(err.toString()).isZero();
    for (String f : CertsInitCommand.FILES) {
      assertThat(certs.resolve(f)).isRegularFile();
    }
    X509Certificate ca = PemFiles.certificates(certs.resolve("ca.pem")).get(0);
    X509Certificate server = PemFiles.certificates(certs.resolve("server.pem")).get(0);
    X509Certificate client = PemFiles.certificates(certs.resolve("client.pem")).get(0);
    server.verify(ca.getPublicKey());
    client.verify(ca.getPublicKey());
    PemFiles.checkPair(PemFiles.privateKey(certs.resolve("server.key"), null), server);
    PemFiles.checkPair(PemFiles.privateKey(certs.resolve("client.key"), null), client);
    assertThat(server.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
        .contains("localhost", "127.0.0.1", "mqtt.example.com", "10.9.8.7");
    assertThat(client.getSubjectX500Principal().getName()).startsWith("CN=berth-client");
    assertThat(server.getNotAfter().getTime() - server.getNotBefore().getTime())
        .isBetween(30L * 86_400_000, 30L * 86_400_000 + 600_000);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(certs.resolve("server.key")))).isEqualTo("rw-------");

    String before = Files.readString(certs.resolve("ca.pem"));
    StringWriter err2 = new StringWriter();
    assertThat(run(err2, "certs", "init", "--dir", certs.toString())).isEqualTo(1);
    assertThat(err2.toString()).startsWith("berth: ").contains("already exists").contains("--force");
    assertThat(Files.readString(certs.resolve("ca.pem"))).isEqualTo(before);
    assertThat(run(new StringWriter(), "certs", "init", "--dir", certs.toString(), "--force")).isZero();
    assertThat(Files.readString(certs.resolve("ca.pem"))).isNotEqualTo(before);
    assertThat(List.of(certs.toFile().list())).hasSize(6);
  }
}
