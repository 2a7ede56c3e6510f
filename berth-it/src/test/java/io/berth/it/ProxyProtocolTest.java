package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.core.channel.Channel;
import io.berth.core.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROXY protocol v1 and v2 (hand-made headers over raw sockets) on tcp and ssl listeners: the broker takes the
 * address in the header as the client's; untrusted peers, missing, garbled and unfinished headers are refused within
 * the timeout, and the broker serves the next client each time.
 */
class ProxyProtocolTest {
  static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    // The proxied clients come from other machines: anonymous ones need allow_anonymous = true (see strict).
    // The timeout is 3 s so that "refused at once" (under 1.5 s) and "closed by the timeout" stay apart on a loaded
    // machine.
    String proxy = "proxy_protocol = true, proxy_protocol_timeout = 3s, allow_anonymous = true";
    broker = RunningBroker.fromConfig(dir, "listeners.ws.default.enable = false\nlisteners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "listeners.tcp.strict { bind = \"127.0.0.1:0\", proxy_protocol = true }\n"
        + "listeners.tcp.proxied { bind = \"127.0.0.1:0\", " + proxy + " }\n"
        + "listeners.tcp.elsewhere { bind = \"127.0.0.1:0\", " + proxy + ", proxy_protocol_trusted = [\"10.9.9.0/24\"] }\n"
        + "listeners.ssl.proxied { bind = \"127.0.0.1:0\", " + proxy + ", " + pki.sslOptions("") + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @AfterEach
  void stillServes() throws IOException {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V5, Ids.client("after"), true, 0);
    }
    try (Socket s = socket("tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 192.0.2.1 10.0.0.1 1000 1883\r\n".getBytes(StandardCharsets.US_ASCII));
      c.connectOk(MqttVersion.V5, Ids.client("after-proxied"), true, 0);
    }
  }

  static Socket socket(String listener) {
    try {
      Socket s = new Socket("127.0.0.1", broker.port(listener));
      s.setTcpNoDelay(true);
      return s;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void write(Socket s, byte[] bytes) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The address the broker's session for {@code clientId} sees (ConnectionInfo.remoteAddress). */
  static String seenAddress(String clientId) {
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      Session s = broker.server().core().sessions().get(clientId);
      return s != null && s.owner() != null;
    });
    return ((Channel) broker.server().core().sessions().get(clientId).owner()).connectionInfo().remoteAddress();
  }

  /** A v2 header: PROXY command over TCP/IPv4 (0x21 0x11) from src:srcPort to 10.0.0.1:1883. */
  static byte[] v2(int command, byte[] src, int srcPort) {
    ByteBuffer b = ByteBuffer.allocate(28);
    b.put(V2_SIGNATURE).put((byte) (0x20 | command)).put((byte) 0x11).putShort((short) 12)
        .put(src).put(new byte[] {10, 0, 0, 1}).putShort((short) srcPort).putShort((short) 1883);
    return b.array();
  }

  @Test
  void anonymousClientsFromOtherMachinesAreRefusedByDefault() throws IOException { // secure by default (issue 6)
    try (Socket s = socket("tcp:strict"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 203.0.113.9 10.0.0.1 51234 1883\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.connect(MqttVersion.V3_1_1, Ids.client("remote"), true, 0).reasonCode())
          .isEqualTo(ReasonCode.V3_NOT_AUTHORIZED);
      c.expectClosed(java.time.Duration.ofSeconds(5));
    }
    try (Socket s = socket("tcp:strict"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 127.0.0.5 10.0.0.1 51234 1883\r\n".getBytes(StandardCharsets.US_ASCII));
      c.connectOk(MqttVersion.V5, Ids.client("local"), true, 0); // a client on this machine is let in
    }
  }

  @Test
  void v1HeaderGivesTheClientsAddress() throws IOException {
    String id = Ids.client("v1");
    try (Socket s = socket("tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 203.0.113.7 10.0.0.1 51234 1883\r\n".getBytes(StandardCharsets.US_ASCII));
      c.connectOk(MqttVersion.V3_1_1, id, true, 0);
      assertThat(seenAddress(id)).isEqualTo("203.0.113.7:51234");
    }
  }

  @Test
  void v1Ipv6AndHeaderAndConnectInOneSegment() throws IOException {
    String id = Ids.client("v1six");
    try (Socket s = socket("tcp:proxied"); RawClient c = RawClient.over(s)) {
      byte[] header = "PROXY TCP6 2001:db8::7 2001:db8::1 4000 1883\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] connect = Packets.bytes(Packets.connectPacket(MqttVersion.V5, id, true, 0, null, io.berth.codec.MqttProperties.NONE),
          MqttVersion.V5);
      ByteBuffer both = ByteBuffer.allocate(header.length + connect.length).put(header).put(connect);
      c.assumeVersion(MqttVersion.V5);
      write(s, both.array());
      assertThat(c.expect(Connack.class).reasonCode()).isZero();
      assertThat(seenAddress(id)).isEqualTo("[2001:db8:0:0:0:0:0:7]:4000");
    }
  }

  @Test
  void v2HeaderGivesTheClientsAddress() throws IOException {
    String id = Ids.client("v2");
    try (Socket s = socket("tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, v2(1, new byte[] {(byte) 198, 51, 100, 9}, 40000));
      c.connectOk(MqttVersion.V5, id, true, 0);
      assertThat(seenAddress(id)).isEqualTo("198.51.100.9:40000");
    }
  }

  @Test
  void v2LocalKeepsTheSocketAddress() throws IOException {
    String id = Ids.client("local");
    try (Socket s = socket("tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, v2(0, new byte[] {1, 2, 3, 4}, 5)); // LOCAL: a health check of the proxy itself
      c.connectOk(MqttVersion.V5, id, true, 0);
      assertThat(seenAddress(id)).isEqualTo("127.0.0.1:" + s.getLocalPort());
    }
  }

  @Test
  void beforeTls() throws Exception {
    String id = Ids.client("tls");
    try (Socket plain = socket("ssl:proxied")) {
      write(plain, "PROXY TCP4 203.0.113.8 10.0.0.1 5555 8883\r\n".getBytes(StandardCharsets.US_ASCII));
      SSLSocket tls = (SSLSocket) pki.socketFactory(null).createSocket(plain, "localhost",
          broker.port("ssl:proxied"), true);
      tls.startHandshake();
      try (RawClient c = RawClient.over(tls)) {
        c.connectOk(MqttVersion.V5, id, true, 0);
        assertThat(seenAddress(id)).isEqualTo("203.0.113.8:5555");
      }
    }
  }

  /** Closed by the broker within {@code within}: end of stream, or a reset. */
  static void assertClosed(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    InputStream in = s.getInputStream();
    try {
      assertThat(in.read()).isEqualTo(-1);
    } catch (java.net.SocketException reset) {
      // closed too
    }
  }

  @Test
  void untrustedPeerIsRefused() throws IOException {
    try (Socket s = socket("tcp:elsewhere")) {
      write(s, "PROXY TCP4 203.0.113.7 10.0.0.1 51234 1883\r\n".getBytes(StandardCharsets.US_ASCII));
      assertClosed(s, Duration.ofSeconds(2));
    }
  }

  @Test
  void missingHeaderIsRefusedAtOnce() throws IOException {
    try (Socket s = socket("tcp:proxied")) {
      write(s, Packets.bytes(Packets.connectPacket(MqttVersion.V5, "no-header", true, 0, null, io.berth.codec.MqttProperties.NONE),
          MqttVersion.V5));
      long start = System.nanoTime();
      assertClosed(s, Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 3 s timeout")
          .isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void garbledHeadersAreRefused() throws IOException {
    for (String bad : new String[] {"PROXY TCP4 nonsense\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 99999 1\r\n",
        "PROXY " + "x".repeat(200) + "\r\n"}) {
      try (Socket s = socket("tcp:proxied")) {
        write(s, bad.getBytes(StandardCharsets.US_ASCII));
        assertClosed(s, Duration.ofSeconds(2));
      }
    }
    try (Socket s = socket("tcp:proxied")) { // v2 with an unknown version nibble
      byte[] h = v2(1, new byte[] {1, 2, 3, 4}, 5);
      h[12] = 0x31;
      write(s, h);
      assertClosed(s, Duration.ofSeconds(2));
    }
  }

  @Test
  void unfinishedHeaderTimesOut() throws IOException {
    long start = System.nanoTime(); // before the connection that starts the broker's timer
    try (Socket s = socket("tcp:proxied")) {
      write(s, "PROXY TCP4 203.0".getBytes(StandardCharsets.US_ASCII));
      assertClosed(s, Duration.ofSeconds(10));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 3 s timeout").isBetween(Duration.ofMillis(2500),
          Duration.ofMillis(8000));
    }
  }
}
