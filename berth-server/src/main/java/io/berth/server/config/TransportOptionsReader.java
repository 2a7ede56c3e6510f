package io.berth.server.config;

import io.berth.core.net.Cidr;
import io.berth.server.tls.ServerTls;
import io.berth.server.tls.TlsProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what only some listener types have: {@code proxy_protocol*} (tcp, ssl, ws, wss), quic and unix settings. */
final class TransportOptionsReader {
  private TransportOptionsReader() {}

  /** null when proxy_protocol is false. */
  static ProxyProtocolOptions proxyProtocol(Fields f) throws ConfigException {
    long timeout = f.durationMillis("proxy_protocol_timeout", 1, 3_600_000);
    List<Cidr> trusted = new ArrayList<>();
    for (String s : f.stringList("proxy_protocol_trusted")) {
      try {
        trusted.add(Cidr.parse(s));
      } catch (IllegalArgumentException e) {
        throw f.problem("proxy_protocol_trusted", "'" + s + "': " + e.getMessage());
      }
    }
    boolean on = f.bool("proxy_protocol");
    if (on && trusted.isEmpty()) {
      throw f.problem("proxy_protocol_trusted", "proxy_protocol = true needs the proxies' addresses, e.g."
          + " [\"10.0.0.5/32\"]");
    }
    return on ? new ProxyProtocolOptions(timeout, trusted) : null;
  }

  static UnixOptions unix(Fields f) throws ConfigException {
    String path = f.string("path").strip();
    if (path.isEmpty() || path.endsWith("/")) {
      throw f.problem("path", "expected the socket file's name, e.g. \"/run/berth/mqtt.sock\"");
    }
    if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) { // sun_path is 108 bytes on Linux
      throw f.problem("path", "too long for a Unix socket (at most 107 bytes)");
    }
    String mode = f.string("mode").strip();
    if (!mode.matches("0?[0-7]{3}")) {
      throw f.problem("mode", "expected octal permissions such as \"660\"");
    }
    return new UnixOptions(Path.of(path), mode.length() == 4 ? mode.substring(1) : mode);
  }

  static QuicOptions quic(Fields f) throws ConfigException {
    return new QuicOptions(
        f.durationMillis("idle_timeout", 1_000, 86_400_000),
        f.durationMillis("handshake_idle_timeout", 100, 3_600_000),
        f.intIn("peer_bidi_stream_count", 1, 65_535),
        f.bytes("stream_recv_window_default", 1024, 1L << 30),
        f.bytes("conn_flow_control_window", 1024, 1L << 32),
        f.bool("address_validation"));
  }

  /** A quic listener's ssl_options: those of ssl without versions and ciphers (QUIC is TLS 1.3, RFC 9001 §4.2). */
  static TlsOptions quicTls(Fields f, boolean checkFiles) throws ConfigException {
    boolean verifyPeer = f.word("ssl_options.verify", "verify_none", "verify_peer").equals("verify_peer");
    Path cacert = TlsOptionsReader.optionalPath(f, "ssl_options.cacertfile");
    if (verifyPeer && cacert == null) {
      throw f.problem("ssl_options.cacertfile", "verify = verify_peer needs the CA that signs client certificates");
    }
    String password = f.string("ssl_options.password");
    TlsOptions o = new TlsOptions(
        TlsOptionsReader.path(f, "ssl_options.certfile"),
        TlsOptionsReader.path(f, "ssl_options.keyfile"),
        password.isEmpty() ? null : password,
        cacert,
        verifyPeer,
        f.bool("ssl_options.fail_if_no_peer_cert"),
        f.intIn("ssl_options.depth", 0, 100),
        List.of("TLSv1.3"),
        List.of(),
        f.durationMillis("handshake_idle_timeout", 100, 3_600_000),
        TlsOptionsReader.certField(f, "peer_cert_as_username"),
        TlsOptionsReader.certField(f, "peer_cert_as_clientid"),
        TlsOptionsReader.crlfile(f, verifyPeer));
    if (checkFiles) {
      try {
        ServerTls.load(o);
      } catch (TlsProblem p) {
        throw f.problem("ssl_options." + p.key(), p.getMessage());
      }
    }
    return o;
  }
}
