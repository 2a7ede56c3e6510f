package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** quic and unix listeners and the proxy_protocol keys: defaults, values, one-line errors. */
class QuicUnixProxyConfigTest extends CertConfigFiles {

  @Test
  void defaultsAreDefinedAndOff() throws Exception {
    BrokerConfig c = ConfigLoader.load(null, Map.of());
    ListenerConfig quic = listener(c, "quic:default");
    assertThat(quic.enabled()).isFalse();
    assertThat(quic.port()).isEqualTo(14567);
    assertThat(quic.quic()).isEqualTo(new QuicOptions(300_000, 10_000, 16, 1 << 20, 16 << 20, true));
    assertThat(quic.tls().versions()).containsExactly("TLSv1.3");
    ListenerConfig unix = listener(c, "unix:default");
    assertThat(unix.enabled()).isFalse();
    assertThat(unix.unix()).isEqualTo(new UnixOptions(Path.of("/run/berth/mqtt.sock"), "660"));
    assertThat(listener(c, "tcp:default").proxyProtocol()).isNull();
  }

  @Test
  void quicListenerWithEveryOption() throws Exception {
    BrokerConfig c = load("listeners.quic.mobile {\n bind = \"127.0.0.1:14568\"\n " + tls(", verify = verify_peer,"
        + " fail_if_no_peer_cert = true") + "\n idle_timeout = 90s, handshake_idle_timeout = 5s,"
        + " peer_bidi_stream_count = 4, stream_recv_window_default = 64KB, conn_flow_control_window = 2MB,"
        + " address_validation = false, peer_cert_as_username = cn\n}");
    ListenerConfig q = listener(c, "quic:mobile");
    assertThat(q.enabled()).isTrue();
    assertThat(q.quic()).isEqualTo(new QuicOptions(90_000, 5_000, 4, 65_536, 2 << 20, false));
    assertThat(q.tls().requiresClientCert()).isTrue();
    assertThat(q.tls().certAsUsername()).isEqualTo(TlsOptions.CertField.CN);
  }

  @Test
  void quicErrors() throws Exception {
    fails("listeners.quic.q {\n bind = 14568\n " + tls("") + "\n peer_bidi_stream_count = 0\n}")
        .hasMessage(where(4) + "listeners.quic.q.peer_bidi_stream_count = 0: expected an integer 1..65535");
    fails("listeners.quic.q {\n bind = 14568\n ssl_options.certfile = \"/nonexistent.pem\"\n}")
        .hasMessageStartingWith(where(3) + "listeners.quic.q.ssl_options.certfile = \"/nonexistent.pem\"");
    fails("listeners.quic.q {\n bind = 14568\n " + tls(", versions = [\"tlsv1.3\"]") + "\n}")
        .hasMessageContaining("unknown key");
    fails("listener.quic.external = 14567\n").hasMessageContaining("EMQX 4 lines are read for tcp, ssl, ws, wss");
  }

  @Test
  void quicAndTcpMayShareAPortNumber() throws Exception {
    BrokerConfig c = load("listeners.tcp.default.bind = \"127.0.0.1:14567\"\n"
        + "listeners.quic.default { enable = true, bind = \"127.0.0.1:14567\", " + tls("") + " }\n");
    assertThat(listener(c, "quic:default").port()).isEqualTo(listener(c, "tcp:default").port());
    fails("listeners.quic.a { bind = \"127.0.0.1:14567\", " + tls("") + " }\n"
        + "listeners.quic.b { bind = \"127.0.0.1:14567\", " + tls("") + " }\n")
        .hasMessageContaining("clashes with listeners.quic.a");
  }

  @Test
  void unixListener() throws Exception {
    BrokerConfig c = load("listeners.unix.local { path = \"/tmp/b/mqtt.sock\", mode = \"0600\" }");
    ListenerConfig u = listener(c, "unix:local");
    assertThat(u.enabled()).isTrue();
    assertThat(u.unix()).isEqualTo(new UnixOptions(Path.of("/tmp/b/mqtt.sock"), "600"));
    assertThat(u.unix().permissions().toString()).contains("OWNER_READ", "OWNER_WRITE").doesNotContain("GROUP");
    fails("listeners.unix.local { mode = \"600\" }").hasMessageContaining("missing path, e.g.");
    fails("listeners.unix.local {\n path = \"/tmp/x.sock\"\n mode = \"rw\"\n}")
        .hasMessage(where(3) + "listeners.unix.local.mode = \"rw\": expected octal permissions such as \"660\"");
    fails("listeners.unix.a.path = \"/tmp/x.sock\"\nlisteners.unix.b.path = \"/tmp/x.sock\"\n")
        .hasMessageContaining("clashes with listeners.unix.a");
  }

  @Test
  void proxyProtocol() throws Exception {
    BrokerConfig c = load("listeners.tcp.lb { bind = 1884, proxy_protocol = true, proxy_protocol_timeout = 1s,"
        + " proxy_protocol_trusted = [\"10.0.0.0/8\"] }");
    ProxyProtocolOptions p = listener(c, "tcp:lb").proxyProtocol();
    assertThat(p.timeoutMillis()).isEqualTo(1000);
    assertThat(p.trusts(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(p.trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
    assertThat(listener(load("listeners.ws.lb { bind = 8090, proxy_protocol = true }"), "ws:lb")
        .proxyProtocol().trusts(InetAddress.getByName("::1"))).isTrue(); // default: loopback
    fails("listeners.tcp.lb {\n bind = 1884\n proxy_protocol = true\n proxy_protocol_trusted = [\"10.0.0.0/33\"]\n}")
        .hasMessage(where(4) + "listeners.tcp.lb.proxy_protocol_trusted = [\"10.0.0.0/33\"]: '10.0.0.0/33':"
            + " prefix length must be 0..32");
    fails("listeners.quic.q {\n bind = 1\n proxy_protocol = true\n}").hasMessageContaining("unknown key");
  }
}
