package io.berth.server.config;

import io.berth.server.config.TlsOptions.CertField;
import io.berth.server.tls.ServerTls;
import io.berth.server.tls.TlsProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads an ssl/wss listener's {@code ssl_options} and {@code peer_cert_as_*}; checks the files of enabled ones. */
final class TlsOptionsReader {
  private TlsOptionsReader() {}

  /** @param f the listener's merged block; @param checkFiles read and check the certificate files (enabled) */
  static TlsOptions read(Fields f, boolean checkFiles) throws ConfigException {
    boolean verifyPeer = f.word("ssl_options.verify", "verify_none", "verify_peer").equals("verify_peer");
    Path cacert = optionalPath(f, "ssl_options.cacertfile");
    if (verifyPeer && cacert == null) {
      throw f.problem("ssl_options.cacertfile", "verify = verify_peer needs the CA that signs client certificates");
    }
    String password = f.string("ssl_options.password");
    TlsOptions o = new TlsOptions(
        path(f, "ssl_options.certfile"),
        path(f, "ssl_options.keyfile"),
        password.isEmpty() ? null : password,
        cacert,
        verifyPeer,
        f.bool("ssl_options.fail_if_no_peer_cert"),
        f.intIn("ssl_options.depth", 0, 100),
        versions(f),
        f.stringList("ssl_options.ciphers"),
        f.durationMillis("ssl_options.handshake_timeout", 1, 3_600_000),
        certField(f, "peer_cert_as_username"),
        certField(f, "peer_cert_as_clientid"),
        crlfile(f, verifyPeer));
    if (checkFiles) {
      try {
        ServerTls.load(o);
      } catch (TlsProblem p) {
        throw f.problem("ssl_options." + p.key(), p.getMessage());
      }
    }
    return o;
  }

  /** tlsv1.3 and tlsv1.2, as Java names them; 1.0 and 1.1 are refused (RFC 8996). */
  private static List<String> versions(Fields f) throws ConfigException {
    List<String> out = new ArrayList<>();
    for (String v : f.stringList("ssl_options.versions")) {
      switch (v.toLowerCase(Locale.ROOT)) {
        case "tlsv1.3" -> out.add("TLSv1.3");
        case "tlsv1.2" -> out.add("TLSv1.2");
        case "tlsv1", "tlsv1.0", "tlsv1.1" -> throw f.problem("ssl_options.versions",
            "TLS 1.0 and 1.1 are refused (deprecated by RFC 8996); allowed: tlsv1.3, tlsv1.2");
        default -> throw f.problem("ssl_options.versions", "unknown version '" + v + "'; allowed: tlsv1.3, tlsv1.2");
      }
    }
    if (out.isEmpty()) {
      throw f.problem("ssl_options.versions", "expected at least one of tlsv1.3, tlsv1.2");
    }
    return out;
  }

  /** ssl_options.crlfile: only with verify_peer (without it no client certificate is checked at all). */
  static Path crlfile(Fields f, boolean verifyPeer) throws ConfigException {
    Path crl = optionalPath(f, "ssl_options.crlfile");
    if (crl != null && !verifyPeer) {
      throw f.problem("ssl_options.crlfile", "a CRL needs verify = verify_peer (no client certificate is checked"
          + " with verify_none)");
    }
    return crl;
  }

  static CertField certField(Fields f, String key) throws ConfigException {
    return CertField.valueOf(f.word(key, "disabled", "cn", "dn").toUpperCase(Locale.ROOT));
  }

  static Path path(Fields f, String key) throws ConfigException {
    Path p = optionalPath(f, key);
    if (p == null) {
      throw f.problem(key, "expected a file name");
    }
    return p;
  }

  static Path optionalPath(Fields f, String key) throws ConfigException {
    String s = f.string(key).strip();
    return s.isEmpty() ? null : Path.of(s);
  }
}
