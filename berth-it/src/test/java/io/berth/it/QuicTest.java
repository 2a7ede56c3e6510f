package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.server.quic.QuicClient;
import io.berth.server.tls.PemFiles;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicSslContext;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over QUIC with Berth's QUIC client: single-stream and multi-stream (EMQX's modes) at QoS 0, 1 and 2, mutual
 * TLS, another ALPN refused, address validation (Retry), {@code berth pub/sub --quic}; the broker serves a new
 * client after each bad input.
 */
class QuicTest {
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;
  static QuicSslContext trusting;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.ws.default.enable = false\nlisteners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "listeners.quic.q { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.quic.mtls { bind = \"127.0.0.1:0\", peer_cert_as_clientid = cn, "
        + pki.sslOptions(", verify = verify_peer, fail_if_no_peer_cert = true") + " }\n");
    trusting = QuicClient.context(cas(), false);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @AfterEach
  void stillServes() throws Exception {
    try (QuicMqtt c = QuicMqtt.connect(broker.port("quic:q"), trusting, MqttVersion.V5)) {
      connect(c.stream(), Ids.client("after"));
    }
  }

  static X509Certificate[] cas() throws Exception {
    return PemFiles.certificates(Path.of(pki.path("ca.pem"))).toArray(X509Certificate[]::new);
  }

  static void connect(QuicMqtt.Stream control, String id) throws Exception {
    control.send(new Connect(MqttVersion.V5, id, true, 30, null, null, null, MqttProperties.NONE));
    assertThat(control.expect(Connack.class).reasonCode()).isZero();
  }

  static Publish publish(String topic, int qos, int id, String payload) {
    return new Publish(topic, qos, false, false, id, MqttProperties.NONE,
        Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8)));
  }

  static String text(Publish p) {
    return p.payload().toString(StandardCharsets.UTF_8);
  }

  @Test
  void singleStreamQos012() throws Exception {
    String topic = Ids.topicRoot() + "/single";
    try (QuicMqtt sub = QuicMqtt.connect(broker.port("quic:q"), trusting, MqttVersion.V5);
        QuicMqtt pub = QuicMqtt.connect(broker.port("quic:q"), trusting, MqttVersion.V5)) {
      QuicMqtt.Stream s = sub.stream();
      connect(s, Ids.client("qsub"));
      s.send(new Subscribe(1, List.of(Subscription.of(topic, 2)), MqttProperties.NONE));
      assertThat(s.expect(Suback.class).reasonCodes()).containsExactly(2);
      QuicMqtt.Stream p = pub.stream();
      connect(p, Ids.client("qpub"));

      p.send(publish(topic, 0, 0, "zero"));
      assertThat(text(s.expect(Publish.class))).isEqualTo("zero");

      p.send(publish(topic, 1, 1, "one"));
      assertThat(p.expect(PubAck.class).packetId()).isEqualTo(1);
      Publish one = s.expect(Publish.class);
      assertThat(one.qos()).isEqualTo(1);
      s.send(new PubAck(one.packetId()));

      p.send(publish(topic, 2, 2, "two"));
      assertThat(p.expect(PubRec.class).packetId()).isEqualTo(2);
      p.send(new PubRel(2));
      assertThat(p.expect(PubComp.class).packetId()).isEqualTo(2);
      Publish two = s.expect(Publish.class);
      assertThat(two.qos()).isEqualTo(2);
      assertThat(text(two)).isEqualTo("two");
      s.send(new PubRec(two.packetId()));
      assertThat(s.expect(PubRel.class).packetId()).isEqualTo(two.packetId());
      s.send(new PubComp(two.packetId()));

      try (RawClient tcp = RawClient.open(broker)) { // and across transports
        tcp.connectOk(MqttVersion.V5, Ids.client("tcp"), true, 0);
        tcp.publishAndComplete(topic, 1, "from tcp");
      }
      Publish fromTcp = s.expect(Publish.class);
      assertThat(text(fromTcp)).isEqualTo("from tcp");
      s.send(new PubAck(fromTcp.packetId()));
    }
  }

  @Test
  void multiStream() throws Exception {
    String topic = Ids.topicRoot() + "/multi";
    try (QuicMqtt c = QuicMqtt.connect(broker.port("quic:q"), trusting, MqttVersion.V5)) {
      QuicMqtt.Stream control = c.stream();
      QuicMqtt.Stream subs = c.stream();
      // A data stream opened before the CONNECT is held until the CONNECT is accepted.
      subs.send(new Subscribe(1, List.of(Subscription.of(topic + "/#", 2)), MqttProperties.NONE));
      subs.expectNothing(Duration.ofMillis(300));
      connect(control, Ids.client("multi"));
      assertThat(subs.expect(Suback.class).packetId()).isEqualTo(1); // on the stream of the SUBSCRIBE

      QuicMqtt.Stream pubs = c.stream();
      pubs.send(publish(topic + "/a", 0, 0, "q0"));
      assertThat(text(subs.expect(Publish.class))).isEqualTo("q0"); // on the subscribing stream

      pubs.send(publish(topic + "/a", 1, 7, "q1"));
      assertThat(pubs.expect(PubAck.class).packetId()).isEqualTo(7); // on the publishing stream
      Publish q1 = subs.expect(Publish.class);
      assertThat(text(q1)).isEqualTo("q1");
      subs.send(new PubAck(q1.packetId()));

      pubs.send(publish(topic + "/b", 2, 8, "q2"));
      assertThat(pubs.expect(PubRec.class).packetId()).isEqualTo(8);
      pubs.send(new PubRel(8));
      assertThat(pubs.expect(PubComp.class).packetId()).isEqualTo(8);
      Publish q2 = subs.expect(Publish.class);
      assertThat(q2.qos()).isEqualTo(2);
      subs.send(new PubRec(q2.packetId()));
      assertThat(subs.expect(PubRel.class).packetId()).isEqualTo(q2.packetId());
      subs.send(new PubComp(q2.packetId()));
      control.expectNothing(Duration.ofMillis(100)); // nothing of that on the control stream

      // A failing data stream is reset alone: malformed bytes, or a CONNECT that belongs on the control stream.
      QuicMqtt.Stream bad = c.stream();
      bad.sendBytes(new byte[] {0x00, 0x00});
      assertThat(bad.poll(Duration.ofSeconds(5))).isSameAs(QuicMqtt.CLOSED);
      QuicMqtt.Stream again = c.stream();
      again.send(new Connect(MqttVersion.V5, "x", true, 0, null, null, null, MqttProperties.NONE));
      assertThat(again.poll(Duration.ofSeconds(5))).isSameAs(QuicMqtt.CLOSED);

      control.send(PingReq.INSTANCE);
      control.expect(PingResp.class);
      pubs.send(publish(topic + "/a", 1, 9, "still"));
      assertThat(pubs.expect(PubAck.class).packetId()).isEqualTo(9);
      Publish still = subs.expect(Publish.class);
      assertThat(text(still)).isEqualTo("still");
      subs.send(new PubAck(still.packetId()));
    }
  }

  @Test
  void mutualTlsNeedsAClientCertificate() throws Exception {
    int port = broker.port("quic:mtls");
    // TLS 1.3: the client may finish its side of the handshake before the broker checks its (missing)
    // certificate; either way no MQTT gets through and the connection is closed.
    try (QuicMqtt c = QuicMqtt.connect(port, trusting, MqttVersion.V5)) {
      QuicMqtt.Stream control = c.stream();
      control.send(new Connect(MqttVersion.V5, "no-cert", true, 30, null, null, null, MqttProperties.NONE));
      assertThat(control.poll(Duration.ofSeconds(5))).isIn(QuicMqtt.CLOSED, null);
      assertThat(c.client.channel().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    } catch (Exception refusedInTheHandshake) {
      // as good
    }
    assertThat(broker.server().core().sessions().get("no-cert")).isNull();
    QuicSslContext withCert = QuicClient.context(cas(), false,
        PemFiles.privateKey(Path.of(pki.path("client.key")), null),
        PemFiles.certificates(Path.of(pki.path("client.pem"))).toArray(X509Certificate[]::new), "mqtt");
    try (QuicMqtt c = QuicMqtt.connect(port, withCert, MqttVersion.V5)) {
      QuicMqtt.Stream control = c.stream();
      control.send(new Connect(MqttVersion.V5, "", true, 30, null, null, null, MqttProperties.NONE));
      assertThat(control.expect(Connack.class).reasonCode()).isZero();
      assertThat(broker.server().core().sessions().get(TestPki.CLIENT_CN)).isNotNull(); // peer_cert_as_clientid
    }
  }

  @Test
  void anotherAlpnIsRefused() {
    QuicSslContext h3 = QuicClient.context(null, true, null, null, "h3");
    assertThatThrownBy(() -> QuicMqtt.connect(broker.port("quic:q"), h3, MqttVersion.V5).close()).isNotNull();
  }

  /** A QUIC v1 Initial packet (RFC 9000 §17.2.2) with a random payload: enough for the broker to answer Retry. */
  static byte[] initial(byte[] token) {
    ByteBuffer b = ByteBuffer.allocate(1200);
    b.put((byte) 0xC3).putInt(1); // long header, Initial, 4-byte packet number; version 1
    b.put((byte) 8).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).put((byte) 8).put(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
    b.put((byte) token.length).put(token); // a one-byte varint: tokens under 64 bytes
    int rest = b.remaining() - 2;
    b.putShort((short) (0x4000 | rest)); // two-byte varint length
    while (b.hasRemaining()) {
      b.put((byte) 0x5A);
    }
    return b.array();
  }

  static byte[] exchange(DatagramSocket udp, byte[] packet) throws Exception {
    udp.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), broker.port("quic:q")));
    byte[] buf = new byte[1500];
    DatagramPacket reply = new DatagramPacket(buf, buf.length);
    try {
      udp.receive(reply);
      return java.util.Arrays.copyOf(buf, reply.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  @Test
  void addressValidationAnswersRetryAndDropsForgedTokens() throws Exception {
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udp.setSoTimeout((int) RawClient.WAIT.toMillis());
      byte[] retry = exchange(udp, initial(new byte[0]));
      assertThat(retry).as("an answer to an Initial without a token").isNotNull();
      assertThat(retry[0] & 0xF0).as("long header, Retry (RFC 9000 §17.2.5)").isEqualTo(0xF0);
      assertThat(ByteBuffer.wrap(retry, 1, 4).getInt()).isEqualTo(1);
      assertThat(retry.length).as("with a token and its integrity tag").isGreaterThan(7 + 8 + 8 + 16 + 40);
      udp.setSoTimeout(500);
      assertThat(exchange(udp, initial("forged-token-0123456789-0123456789-0123456789".getBytes(
          StandardCharsets.US_ASCII)))).as("a forged token is dropped").isNull();
    }
  }

  @Test
  void berthPubSubQuic() throws Exception {
    String topic = Ids.topicRoot() + "/cli";
    String port = String.valueOf(broker.port("quic:q"));
    String subId = Ids.client("quic-sub");
    CompletableFuture<BerthCliTest.Run> sub = BerthCliTest.berthAsync("sub", "-i", subId,
        "--quic", "-h", "localhost", "-p", port, "--cafile", pki.path("ca.pem"), "-t", topic, "-C", "1", "-q", "2",
        "-W", "15");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sub.isDone()
        || broker.subscriptionsOf(subId).contains(topic));
    BerthCliTest.Run pub = BerthCliTest.berth("pub", "--quic", "-h", "localhost", "-p", port, "--cafile",
        pki.path("ca.pem"), "-t", topic, "-m", "over quic", "-q", "2");
    assertThat(pub.exitCode()).as(pub.err()).isZero();
    BerthCliTest.Run got = sub.get(15, TimeUnit.SECONDS);
    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(got.out()).isEqualTo("over quic\n");
  }
}
