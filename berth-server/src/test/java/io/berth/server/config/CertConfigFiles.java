package io.berth.server.config;

import io.berth.server.tls.TestCerts;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigFiles} with test certificates, for the listeners that take ssl_options. */
abstract class CertConfigFiles extends ConfigFiles {
  @TempDir static Path certDir;
  static TestCerts certs;

  @BeforeAll
  static void makeCerts() throws Exception {
    certs = new TestCerts(certDir);
  }

  /** An ssl_options block with the test server certificate, key and CA, plus {@code extra} keys. */
  static String tls(String extra) {
    return "ssl_options { certfile = \"" + certs.path("server.pem") + "\", keyfile = \"" + certs.path("server.key")
        + "\", cacertfile = \"" + certs.path("ca.pem") + "\"" + extra + " }";
  }
}
