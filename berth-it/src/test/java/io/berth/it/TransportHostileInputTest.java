package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connect;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrong protocol on each port: TLS on the plain port, plain MQTT and silence on the TLS port, HTTP on the MQTT
 * port. Each is closed promptly (bounded by handshake_timeout for a silent TLS client), and the broker still serves
 * new clients on every listener afterwards.
 */
class TransportHostileInputTest {
  /** Long enough for the check's own handshake on a loaded machine, and well above the 2 s of "closed promptly". */
  static final long HANDSHAKE_TIMEOUT_MS = 3000;
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.tcp.plain.bind = \"127.0.0.1:0\"\n"
        + "listeners.ssl.tls { bind = \"127.0.0.1:0\", "
        + pki.sslOptions(", handshake_timeout = " + HANDSHAKE_TIMEOUT_MS + "ms") + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @AfterEach
  void everyListenerStillServes() throws Exception {
    try (Socket s = new Socket("127.0.0.1", broker.port("tcp:plain"))) {
      assertThat(connack(s)).isEqualTo(0x20);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, pki.trust().getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", broker.port("ssl:tls"))) {
      s.startHandshake();
      assertThat(connack(s)).isEqualTo(0x20);
    }
  }

  private static int connack(Socket s) throws Exception {
    s.setSoTimeout(5000);
    s.getOutputStream().write(Packets.bytes(new Connect(MqttVersion.V3_1_1, Ids.client("ok"), true, 30, null,
        null, null, MqttProperties.NONE), MqttVersion.V3_1_1));
    return s.getInputStream().read();
  }

  /** Milliseconds until the broker closed the connection (EOF or reset); fails after 10 s. */
  private static long closedAfter(Socket s) throws Exception {
    long start = System.nanoTime();
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    try {
      while (in.read() != -1) {
        // an alert or an HTTP answer may come first
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the broker did not close the connection within 10 s");
    } catch (java.net.SocketException reset) {
      // closed with RST: closed all the same
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static Socket open(String listener) throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", broker.port(listener)), 5000);
    return s;
  }

  /** The bytes of a real TLS ClientHello, from the JDK's engine. */
  private static byte[] clientHello() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 8883);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] b = new byte[out.remaining()];
    out.get(b);
    return b;
  }

  @Test
  void tlsClientHelloOnThePlainPort() throws Exception {
    try (Socket s = open("tcp:plain")) {
      s.getOutputStream().write(clientHello()); // 0x16 = CONNECT with reserved flags: malformed [MQTT-2.1.3-1]
      assertThat(closedAfter(s)).isLessThan(2000);
    }
  }

  @Test
  void plainMqttOnTheTlsPort() throws Exception {
    try (Socket s = open("ssl:tls")) {
      s.getOutputStream().write(Packets.bytes(new Connect(MqttVersion.V5, "plain", true, 30, null, null, null,
          MqttProperties.NONE), MqttVersion.V5));
      assertThat(closedAfter(s)).isLessThan(2000);
    }
  }

  @Test
  void httpRequestOnTheMqttPort() throws Exception {
    try (Socket s = open("tcp:plain")) {
      s.getOutputStream().write("GET /mqtt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(closedAfter(s)).isLessThan(2000);
    }
  }

  @Test
  void unfinishedTlsHandshakeIsClosedAfterTheHandshakeTimeout() throws Exception {
    byte[] hello = clientHello();
    try (Socket s = open("ssl:tls")) {
      s.getOutputStream().write(hello, 0, hello.length / 2); // half a ClientHello, then nothing
      long after = closedAfter(s);
      assertThat(after).isBetween(HANDSHAKE_TIMEOUT_MS - 500, HANDSHAKE_TIMEOUT_MS + 5000);
    }
  }
}
