package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.config.TlsOptions.CertField;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ssl, ws and wss listeners in the configuration: keys, EMQX 4 lines, certificate file errors. */
class TransportConfigTest extends CertConfigFiles {

  @Test
  void sslListenerWithEveryOption() throws Exception {
    BrokerConfig c = load("listeners.ssl.devices {\n bind = 8883\n " + tls(", verify = verify_peer,"
        + " fail_if_no_peer_cert = true, depth = 2, versions = [\"tlsv1.3\"], ciphers = \"TLS_AES_128_GCM_SHA256\","
        + " handshake_timeout = 5s") + "\n peer_cert_as_username = cn\n peer_cert_as_clientid = dn\n}");
    ListenerConfig l = listener(c, "ssl:devices");
    assertThat(l.enabled()).as("a listener one defines is on; only ssl.default is off").isTrue();
    assertThat(l.websocket()).isNull();
    TlsOptions o = l.tls();
    assertThat(o.certfile()).isEqualTo(certDir.resolve("server.pem"));
    assertThat(o.requiresClientCert()).isTrue();
    assertThat(o.depth()).isEqualTo(2);
    assertThat(o.versions()).containsExactly("TLSv1.3");
    assertThat(o.ciphers()).containsExactly("TLS_AES_128_GCM_SHA256");
    assertThat(o.handshakeTimeoutMillis()).isEqualTo(5000);
    assertThat(o.certAsUsername()).isEqualTo(CertField.CN);
    assertThat(o.certAsClientId()).isEqualTo(CertField.DN);
    assertThat(o.password()).isNull();
  }

  @Test
  void wsAndWssListeners() throws Exception {
    BrokerConfig c = load("mqtt.max_packet_size = 64KB\n"
        + "listeners.ws.default.websocket { mqtt_path = \"/ws\", check_origin_enable = true,\n"
        + "  allowed_origins = [\"https://a.example\"], proxy_trusted_cidrs = [\"10.0.0.0/8\", \"::1\"] }\n"
        + "listeners.wss.default { enable = true, bind = 0, " + tls("") + ", websocket.max_frame_size = 16KB }\n");
    WebSocketOptions ws = listener(c, "ws:default").websocket();
    assertThat(ws.mqttPath()).isEqualTo("/ws");
    assertThat(ws.maxFrameSize()).as("infinity: the largest MQTT packet").isEqualTo(64 * 1024);
    assertThat(ws.checkOrigin()).isTrue();
    assertThat(ws.allowedOrigins()).containsExactly("https://a.example");
    assertThat(ws.proxyAddressHeader()).isEqualTo("x-forwarded-for");
    assertThat(ws.proxyTrustedCidrs().get(0).contains(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(ws.proxyTrustedCidrs().get(0).contains(InetAddress.getByName("11.1.2.3"))).isFalse();
    assertThat(ws.proxyTrustedCidrs().get(1).contains(InetAddress.getByName("::1"))).isTrue();
    ListenerConfig wss = listener(c, "wss:default");
    assertThat(wss.tls().certfile()).isEqualTo(certDir.resolve("server.pem"));
    assertThat(wss.websocket().maxFrameSize()).isEqualTo(16 * 1024);
    assertThat(wss.websocket().mqttPath()).isEqualTo("/mqtt");
  }

  @Test
  void emqx4TlsAndWebSocketLines() throws Exception {
    BrokerConfig c = load("listener.ssl.external = 127.0.0.1:8883\n"
        + "listener.ssl.external.keyfile = " + certs.path("server.key") + "\n"
        + "listener.ssl.external.certfile = " + certs.path("server.pem") + "\n"
        + "listener.ssl.external.cacertfile = " + certs.path("ca.pem") + "\n"
        + "listener.ssl.external.verify = verify_peer\n"
        + "listener.ssl.external.fail_if_no_peer_cert = true\n"
        + "listener.ssl.external.tls_versions = tlsv1.3,tlsv1.2\n"
        + "listener.ws.external = 8083\n"
        + "listener.ws.external.mqtt_path = /mqtt-ws\n"
        + "listener.wss.external = 8084\n"
        + "listener.wss.external.keyfile = " + certs.path("server.key") + "\n"
        + "listener.wss.external.certfile = " + certs.path("server.pem") + "\n");
    assertThat(c.listeners()).extracting(ListenerConfig::id)
        .containsExactly("ssl:external", "ws:external", "wss:external");
    ListenerConfig ssl = listener(c, "ssl:external");
    assertThat(ssl.host()).isEqualTo("127.0.0.1");
    assertThat(ssl.port()).isEqualTo(8883);
    assertThat(ssl.tls().requiresClientCert()).isTrue();
    assertThat(ssl.tls().versions()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(listener(c, "ws:external").websocket().mqttPath()).isEqualTo("/mqtt-ws");
    assertThat(listener(c, "wss:external").port()).isEqualTo(8084);
  }

  @Test
  void encryptedKeyNeedsItsPassword() throws Exception {
    String enc = "listeners.ssl.x { bind = 0, ssl_options { certfile = \"" + certs.path("server.pem")
        + "\", keyfile = \"" + certs.path("server-enc.key") + "\"";
    assertThat(listener(load(enc + ", password = s3cret } }"), "ssl:x").tls().password()).isEqualTo("s3cret");
    fails(enc + " } }").hasMessageEndingWith("the key is encrypted: set ssl_options.password");
    fails(enc + ", password = wrong } }").hasMessageEndingWith("cannot decrypt the key: wrong password?");
  }

  @Test
  void missingCertificateFileNamesFileAndKey() throws Exception {
    String missing = certDir.resolve("nope.pem").toString();
    fails("\nlisteners.ssl.x {\n bind = 0\n ssl_options.certfile = \"" + missing + "\"\n ssl_options.keyfile = \""
        + certs.path("server.key") + "\"\n}").hasMessage(where(4) + "listeners.ssl.x.ssl_options.certfile = \""
        + missing + "\": no such file");
  }

  @Test
  void keyThatIsNotTheCertificatesIsRefused() throws Exception {
    fails("listeners.ssl.x { bind = 0, ssl_options { certfile = \"" + certs.path("server.pem") + "\", keyfile = \""
        + certs.path("other.key") + "\" } }")
        .hasMessageStartingWith(where(1) + "listeners.ssl.x.ssl_options.keyfile = \"" + certs.path("other.key")
            + "\": the key does not match the certificate (CN=localhost,O=Berth)");
  }

  @Test
  void expiredCertificateIsRefused() throws Exception {
    fails("listeners.wss.x { bind = 0, ssl_options { certfile = \"" + certs.path("expired.pem") + "\", keyfile = \""
        + certs.path("expired.key") + "\" } }")
        .hasMessageStartingWith(where(1) + "listeners.wss.x.ssl_options.certfile = \"" + certs.path("expired.pem")
            + "\": certificate expired on ")
        .hasMessageEndingWith("(CN=old,O=Berth)");
  }

  @Test
  void emqx4LineWithAMissingFileIsQuotedAsWritten() throws Exception {
    fails("listener.ssl.external = 8883\nlistener.ssl.external.certfile = /nope/cert.pem\n")
        .hasMessage(where(2) + "listener.ssl.external.certfile = /nope/cert.pem: no such file");
  }

  @Test
  void disabledTlsListenerDoesNotReadItsFiles() throws Exception {
    BrokerConfig c = load("listeners.ssl.default.ssl_options.certfile = \"/nope.pem\"");
    assertThat(listener(c, "ssl:default").enabled()).isFalse();
  }

  @Test
  void oldTlsVersionsAreRefused() throws Exception {
    fails("listeners.ssl.x { bind = 0,\n" + tls(", versions = [\"tlsv1.2\", \"tlsv1.1\"]") + "}")
        .hasMessage(where(2) + "listeners.ssl.x.ssl_options.versions = [\"tlsv1.2\",\"tlsv1.1\"]: TLS 1.0 and 1.1 are"
            + " refused (deprecated by RFC 8996); allowed: tlsv1.3, tlsv1.2");
    fails("listener.ssl.a = 1\nlistener.ssl.a.tls_versions = tlsv1\n")
        .hasMessageContaining("listener.ssl.a.tls_versions = tlsv1: TLS 1.0 and 1.1 are refused");
  }

  @Test
  void badValues() throws Exception {
    fails("listeners.ssl.x { bind = 0,\n" + tls(", verify = maybe") + "}")
        .hasMessageEndingWith("listeners.ssl.x.ssl_options.verify = \"maybe\": expected verify_none or verify_peer");
    fails("listeners.ssl.x { bind = 0, peer_cert_as_username = crt,\n" + tls("") + "}")
        .hasMessageEndingWith("listeners.ssl.x.peer_cert_as_username = \"crt\": expected disabled, cn or dn");
    fails("listeners.ws.default.websocket.mqtt_path = mqtt")
        .hasMessageEndingWith("expected a path such as \"/mqtt\" (starting with /, no query)");
    fails("listeners.ws.default.websocket.proxy_trusted_cidrs = [\"10.0.0.0/33\"]")
        .hasMessageEndingWith("'10.0.0.0/33': prefix length must be 0..32");
    fails("listeners.ssl.x { bind = 0,\n" + tls(", certfil = x") + "}")
        .hasMessageContaining("unknown key; did you mean 'certfile'?");
    fails("listeners.tcp.x { bind = 0, ssl_options.certfile = x }").hasMessageContaining("unknown key");
  }

  @Test
  void verifyPeerNeedsACaFile() throws Exception {
    fails("listeners.ssl.x { bind = 0, ssl_options { certfile = \"" + certs.path("server.pem") + "\", keyfile = \""
        + certs.path("server.key") + "\", verify = verify_peer, cacertfile = \"\" } }")
        .hasMessageEndingWith("verify = verify_peer needs the CA that signs client certificates");
  }

  @Test
  void listenersOfDifferentTypesClash() throws Exception {
    fails("listeners.tcp.default.bind = 8083").hasMessageContaining("clashes with listeners.ws.default");
    assertThat(List.of(load("listeners.tcp.default.bind = 8083\nlisteners.ws.default.enable = false")))
        .isNotEmpty();
  }
}
