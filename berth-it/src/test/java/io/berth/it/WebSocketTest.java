package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.PingReq;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over WebSocket: MQTT.js (node) over ws and wss, Paho's WebSocket transport, several packets in one frame and
 * one packet across frames, and refused upgrades (wrong path, no mqtt subprotocol, not an upgrade, a text frame).
 */
class WebSocketTest {
  private static final Path NODE_DIR = Path.of("src", "test", "node");
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    broker = RunningBroker.fromConfig(dir, "listeners.ws.plain.bind = \"127.0.0.1:0\"\n"
        + "listeners.wss.tls { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.ssl.mtls { bind = \"127.0.0.1:0\", "
        + pki.sslOptions(", verify = verify_peer, fail_if_no_peer_cert = true") + " }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static int ws() {
    return broker.port("ws:plain");
  }

  @Test
  void mqttJsOverWs() throws Exception {
    assertThat(node("ws://127.0.0.1:" + ws() + "/mqtt")).containsExactly(expectedLines());
  }

  @Test
  void mqttJsOverWss() throws Exception {
    assertThat(node("wss://localhost:" + broker.port("wss:tls") + "/mqtt", pki.path("ca.pem")))
        .containsExactly(expectedLines());
  }

  private static String[] expectedLines() {
    return new String[] {"v4 jsws/q0 hello0 q0", "v4 jsws/q1 hello1 q1", "v4 jsws/q2 hello2 q2",
        "v5 jsws/q0 hello0 q0", "v5 jsws/q1 hello1 q1", "v5 jsws/q2 hello2 q2"};
  }

  private static java.util.List<String> node(String... args) throws Exception {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/mqtt"))) {
      throw new AssertionError("MQTT.js is not installed: run bin/test, or"
          + " 'npm ci --prefix berth-it/src/test/node' (needs node and npm: apt-get install -y nodejs npm)");
    }
    String[] cmd = new String[args.length + 2];
    cmd[0] = "node";
    cmd[1] = "mqttjs-ws-check.js";
    System.arraycopy(args, 0, cmd, 2, args.length);
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("node is not installed: apt-get install -y nodejs npm", e);
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void berthPubAndSubOverEveryTransport() throws Exception {
    String root = Ids.topicRoot();
    String wss = "wss://localhost:" + broker.port("wss:tls") + "/mqtt";
    String subId = Ids.client("ws-sub");
    var sub = BerthCliTest.berthAsync("sub", "--ws", wss, "-i", subId,
        "--cafile", pki.path("ca.pem"), "-t", root + "/#", "-v", "-C", "3", "-W", "60");
    // generous bound: a TLS handshake plus a cold JIT on a loaded 2-core machine can take seconds
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> sub.isDone() || broker.subscriptionsOf(subId).contains(root + "/#"));
    assertThat(sub).as("sub ended before subscribing").isNotDone();
    BerthCliTest.Run ws = BerthCliTest.berth("pub", "--ws", "ws://127.0.0.1:" + ws() + "/mqtt", "-t", root + "/ws",
        "-m", "1", "-q", "1");
    assertThat(ws.exitCode()).as(ws.err()).isZero();
    BerthCliTest.Run mtls = BerthCliTest.berth("pub", "-h", "localhost", "-p", "" + broker.port("ssl:mtls"),
        "--cafile", pki.path("ca.pem"), "--cert", pki.path("client.pem"), "--key", pki.path("client.key"),
        "-t", root + "/mtls", "-m", "2", "-q", "1");
    assertThat(mtls.exitCode()).as(mtls.err()).isZero();
    BerthCliTest.Run noCert = BerthCliTest.berth("pub", "-h", "localhost", "-p", "" + broker.port("ssl:mtls"),
        "--cafile", pki.path("ca.pem"), "-t", root + "/x", "-m", "x");
    assertThat(noCert.exitCode()).isEqualTo(1);
    assertThat(noCert.err()).startsWith("berth: ").doesNotContain("Exception");
    BerthCliTest.Run viaWss = BerthCliTest.berth("pub", "--ws", wss, "--cafile", pki.path("ca.pem"), "-t",
        root + "/wss", "-m", "3", "-q", "2");
    assertThat(viaWss.exitCode()).as(viaWss.err()).isZero();
    BerthCliTest.Run got = sub.get(60, TimeUnit.SECONDS);
    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(got.out()).isEqualTo(root + "/ws 1\n" + root + "/mtls 2\n" + root + "/wss 3\n");
  }

  @Test
  void pahoOverWsAndWss() throws Exception {
    for (String uri : new String[] {"ws://127.0.0.1:" + ws() + "/mqtt",
        "wss://localhost:" + broker.port("wss:tls") + "/mqtt"}) {
      MqttClient c = new MqttClient(uri, Ids.client("pws"), new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      if (uri.startsWith("wss")) {
        o.setSocketFactory(pki.socketFactory(null));
      }
      c.connect(o);
      BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
      String topic = Ids.topicRoot() + "/ws";
      c.subscribe(topic, 2, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
      c.publish(topic, "over websocket".getBytes(StandardCharsets.UTF_8), 2, false);
      assertThat(got.poll(5, TimeUnit.SECONDS)).as(uri).isEqualTo("over websocket");
      c.disconnect();
      c.close();
    }
  }

  @Test
  void severalPacketsInOneFrameAndOnePacketAcrossFrames() throws Exception {
    try (WsClient c = new WsClient(ws())) {
      assertThat(c.upgrade("/mqtt?x=1", "mqtt")).startsWith("HTTP/1.1 101").contains("sec-websocket-protocol: mqtt");
      byte[] connect = Packets.bytes(new Connect(MqttVersion.V3_1_1, Ids.client("frames"), true, 30, null, null,
          null, MqttProperties.NONE), MqttVersion.V3_1_1);
      byte[] ping = Packets.bytes(PingReq.INSTANCE, MqttVersion.V3_1_1);
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.writeBytes(connect);
      both.writeBytes(ping);
      c.frame(WsClient.BINARY, true, both.toByteArray()); // CONNECT + PINGREQ in one frame
      assertThat(c.readFrame()).startsWith(WsClient.BINARY, 0x20); // CONNACK
      assertThat(c.readFrame()).containsExactly(WsClient.BINARY, 0xD0, 0); // PINGRESP
      c.frame(WsClient.BINARY, false, Arrays.copyOfRange(ping, 0, 1)); // one PINGREQ in two fragments
      c.frame(WsClient.CONTINUATION, true, Arrays.copyOfRange(ping, 1, 2));
      assertThat(c.readFrame()).containsExactly(WsClient.BINARY, 0xD0, 0);
      c.frame(WsClient.TEXT, true, "not binary".getBytes(StandardCharsets.UTF_8)); // [MQTT-6.0.0-1]
      assertThat(c.closedByBroker()).isTrue();
    }
  }

  @Test
  void badUpgradesAreRefused() throws Exception {
    try (WsClient c = new WsClient(ws())) {
      assertThat(c.upgrade("/other", "mqtt")).startsWith("HTTP/1.1 404");
      assertThat(c.closedByBroker()).isTrue();
    }
    try (WsClient c = new WsClient(ws())) {
      assertThat(c.upgrade("/mqtt", "chat")).startsWith("HTTP/1.1 400");
      assertThat(c.closedByBroker()).isTrue();
    }
    try (WsClient c = new WsClient(ws())) {
      assertThat(c.upgrade("/mqtt", null)).startsWith("HTTP/1.1 400");
    }
    try (WsClient c = new WsClient(ws())) {
      assertThat(c.request("/mqtt")).startsWith("HTTP/1.1 400"); // a plain GET, no upgrade
      assertThat(c.closedByBroker()).isTrue();
    }
    try (WsClient c = new WsClient(ws())) { // MQTT bytes on the WebSocket port
      c.out.write(Packets.bytes(new Connect(MqttVersion.V5, "x", true, 30, null, null, null, MqttProperties.NONE),
          MqttVersion.V5));
      assertThat(c.closedByBroker()).isTrue();
    }
    pahoStillConnects();
  }

  private static void pahoStillConnects() throws Exception {
    MqttClient c = new MqttClient("ws://127.0.0.1:" + ws() + "/mqtt", Ids.client("after"), new MemoryPersistence());
    c.connect();
    c.disconnect();
    c.close();
  }

  @Test
  void wssOnPort443() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "binding port 443 needs root (see docs/listeners.md)");
    RunningBroker b443;
    try {
      b443 = RunningBroker.fromConfig(Files.createTempDirectory(dir, "b443"),
          "listeners.wss.web { bind = \"127.0.0.1:443\", " + pki.sslOptions("") + " }\n");
    } catch (IllegalStateException e) {
      assumeTrue(false, "port 443 is taken here: " + e.getMessage());
      return;
    }
    try {
      MqttClient c = new MqttClient("wss://localhost:443/mqtt", Ids.client("p443"), new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setSocketFactory(pki.socketFactory(null));
      c.connect(o);
      assertThat(c.isConnected()).isTrue();
      c.disconnect();
      c.close();
    } finally {
      b443.close();
    }
  }
}
