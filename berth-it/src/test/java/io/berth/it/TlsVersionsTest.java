package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS 1.2 and 1.3 accepted, TLS 1.0 and 1.1 refused (RFC 8996), as openssl s_client sees it. */
class TlsVersionsTest {
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.ssl.tls { bind = \"127.0.0.1:0\", " + pki.sslOptions("")
        + " }\nlisteners.wss.tls { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @ParameterizedTest(name = "{0} accepted")
  @ValueSource(strings = {"-tls1_2", "-tls1_3"})
  void modernVersionsAreAccepted(String flag) throws Exception {
    String version = flag.equals("-tls1_2") ? "TLSv1.2" : "TLSv1.3";
    for (String listener : new String[] {"ssl:tls", "wss:tls"}) {
      String out = OpenSsl.sClient(broker.port(listener), flag, "-CAfile", pki.path("ca.pem"));
      assertThat(out).as(out).contains("New, " + version + ", Cipher is").contains("Verify return code: 0 (ok)");
    }
  }

  @ParameterizedTest(name = "{0} refused")
  @ValueSource(strings = {"-tls1", "-tls1_1"})
  void oldVersionsAreRefusedByTheBroker(String flag) throws Exception {
    String out = OpenSsl.sClient(broker.port("ssl:tls"), flag, "-CAfile", pki.path("ca.pem"));
    // The broker answers the old ClientHello with a protocol_version alert (RFC 8446 §6.2, alert 70)
    assertThat(out).as(out).contains("alert protocol version").contains("Cipher is (NONE)");
  }
}
