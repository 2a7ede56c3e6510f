package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.it.FreePorts;
import io.berth.it.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tester over real HTTP against a real broker: connections over tcp, ssl, ws, wss and quic to the broker's own
 * listeners, messages read as JSON and as a Server-Sent Events stream, TLS failures in words, the target policy
 * (403, allowed_hosts), a stopped listener seen from both sides, bad fields and the connection limit.
 */
class ApiTesterTest {
  static final String BASE = "/api/v5/tester/connections";
  static final int MAX = 4;
  @TempDir static Path dir;
  static ApiBroker broker;
  static TestPki pki;
  static Api api;
  static String auth;
  /**
   * A port nothing listens on, named in dashboard.tester.allowed_hosts: held by a socket that is bound but does not
   * listen, so connections to it are refused and no other socket (another test's listener) can take it meanwhile.
   */
  static int allowedPort;
  static Socket allowedPortHolder;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    allowedPortHolder = new Socket();
    allowedPortHolder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    allowedPort = allowedPortHolder.getLocalPort();
    broker = ApiBroker.start(dir, "listeners.ssl.t { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.ws.t { bind = \"127.0.0.1:0\" }\n"
        + "listeners.wss.t { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.quic.t { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "dashboard.tester { allowed_hosts = [\"127.0.0.1:" + allowedPort + "\"], max_connections = " + MAX
        + " }\n");
    api = broker.api;
    auth = bearer(broker.adminToken());
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
    if (allowedPortHolder != null) {
      allowedPortHolder.close();
    }
  }

  @AfterEach
  void deleteConnections() throws Exception {
    for (JsonNode c : api.get(BASE, auth).is(200).json()) {
      api.send("DELETE", BASE + "/" + c.get("id").asText(), auth, null).is(204);
    }
  }

  @Test
  void tcpConnectionSubscribesPublishesAndReadsMessagesAsJsonAndAsServerSentEvents() throws Exception {
    JsonNode c = create("{\"name\":\"plain\",\"host\":\"127.0.0.1\",\"port\":" + port("tcp:default")
        + ",\"transport\":\"tcp\"}").is(201).json();
    String id = c.get("id").asText();
    assertThat(c.get("name").asText()).isEqualTo("plain");
    assertThat(c.get("state").asText()).isEqualTo("connected");
    assertThat(c.get("transport").asText()).isEqualTo("tcp");
    assertThat(c.get("clientid").asText()).startsWith("berth-tester-");
    assertThat(c.get("connack").get("reason_code").asInt()).isZero();
    assertThat(c.get("connack").get("reason").asText()).contains("Success");
    assertThat(c.get("connack").get("session_present").asBoolean()).isFalse();
    assertThat(c.has("tls")).isFalse();

    JsonNode sub = api.post(BASE + "/" + id + "/subscribe", auth, "{\"topic\":\"tester/#\",\"qos\":1}").is(200).json();
    assertThat(sub.get("reason_codes").get(0).asInt()).isEqualTo(1);

    try (Sse sse = Sse.open(api.base(), BASE + "/" + id + "/events?after=1", auth)) {
      assertThat(sse.status).isEqualTo(200);
      JsonNode pub = api.post(BASE + "/" + id + "/publish", auth,
          "{\"topic\":\"tester/a\",\"payload\":\"hello\",\"qos\":1,\"retain\":false}").is(200).json();
      assertThat(pub.get("reason_code").asInt()).isZero();
      JsonNode event = sse.next("message");
      assertThat(event.get("topic").asText()).isEqualTo("tester/a");
      assertThat(event.get("payload").asText()).isEqualTo("hello");
      assertThat(event.get("qos").asInt()).isEqualTo(1);
      assertThat(event.get("retain").asBoolean()).isFalse();
      assertThat(event.get("seq").asLong()).isGreaterThan(1);
      assertThat(event.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

      // Bytes that are not UTF-8, from a real client: base64 with "encoding"
      MqttClient paho = new MqttClient("tcp://127.0.0.1:" + port("tcp:default"), "paho-tester",
          new MemoryPersistence());
      paho.connect(new MqttConnectOptions());
      paho.publish("tester/bin", new byte[] {(byte) 0xff, (byte) 0xfe, 0}, 0, false);
      paho.disconnect();
      paho.close();
      JsonNode bin = sse.next("message");
      assertThat(bin.get("encoding").asText()).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(bin.get("payload").asText())).containsExactly(0xff, 0xfe, 0);
    }

    JsonNode messages = api.get(BASE + "/" + id + "/messages?after=0", auth).is(200).json();
    assertThat(messages.get(0).get("event").asText()).isEqualTo("state");
    assertThat(messages.get(0).get("state").asText()).isEqualTo("connected");
    assertThat(messages.findValuesAsText("payload")).contains("hello");
    long last = messages.get(messages.size() - 1).get("seq").asLong();
    assertThat(api.get(BASE + "/" + id + "/messages?after=" + last, auth).json()).isEmpty();

    assertThat(api.post(BASE + "/" + id + "/unsubscribe", auth, "{\"topic\":\"tester/#\"}").is(200).json()
        .get("reason_codes").get(0).asInt()).isZero();
    assertThat(api.get(BASE, auth).json().findValuesAsText("id")).containsExactly(id);
    assertThat(api.get(BASE + "/" + id, auth).json().get("state").asText()).isEqualTo("connected");

    api.send("DELETE", BASE + "/" + id, auth, null).is(204);
    api.get(BASE + "/" + id, auth).error(404, "NOT_FOUND");
    String audit = Files.readString(broker.data.resolve("audit.log"));
    assertThat(audit).contains("\"action\":\"tester_connect\"", "\"action\":\"tester_disconnect\"");
  }

  @Test
  void theEventStreamNeedsTheLoginAndEndsWhenTheConnectionIsDeleted() throws Exception {
    String id = create(tcp()).is(201).json().get("id").asText();
    try (Sse anonymous = Sse.open(api.base(), BASE + "/" + id + "/events", null)) {
      assertThat(anonymous.status).isEqualTo(401);
    }
    api.get(BASE + "/" + id + "/events", auth).error(406, "NOT_ACCEPTABLE");
    try (Sse sse = Sse.open(api.base(), BASE + "/" + id + "/events", auth)) {
      assertThat(sse.next("state").get("state").asText()).isEqualTo("connected"); // the kept events first
      api.send("DELETE", BASE + "/" + id, auth, null).is(204);
      assertThat(sse.next("end").get("reason").asText()).contains("deleted");
    }
  }

  @Test
  void theEventStreamEndsWithTheLogin() throws Exception {
    String id = create(tcp()).is(201).json().get("id").asText();
    api.post(BASE + "/" + id + "/subscribe", auth, "{\"topic\":\"login/x\"}").is(200);
    String second = bearer(broker.login(ApiBroker.PASSWORD));
    try (Sse sse = Sse.open(api.base(), BASE + "/" + id + "/events?after=1", second)) {
      api.post(BASE + "/" + id + "/publish", auth, "{\"topic\":\"login/x\",\"payload\":\"before\"}").is(200);
      assertThat(sse.next("message").get("payload").asText()).isEqualTo("before");
      api.post("/api/v5/logout", second, null).is(204);
      api.post(BASE + "/" + id + "/publish", auth, "{\"topic\":\"login/x\",\"payload\":\"after\"}").is(200);
      assertThat(sse.next("end").get("reason").asText()).contains("login ended");
      assertThat(sse.seen).doesNotContain("\"after\"");
    }
  }

  @Test
  void sslWithTheCaIsConnectedAndShowsTheTlsSession() throws Exception {
    String ca = Files.readString(pki.dir.resolve("ca.pem"));
    JsonNode c = create("{\"host\":\"localhost\",\"port\":" + port("ssl:t") + ",\"transport\":\"ssl\","
        + "\"ssl\":{\"cacert\":" + Api.JSON.writeValueAsString(ca) + "}}").is(201).json();
    assertThat(c.get("state").asText()).isEqualTo("connected");
    JsonNode tls = c.get("tls");
    assertThat(tls.get("protocol").asText()).startsWith("TLSv1.");
    assertThat(tls.get("cipher").asText()).isNotBlank();
    assertThat(tls.get("peer_certificates").get(0).get("subject").asText()).contains("CN=localhost");
    assertThat(tls.get("peer_certificates").get(0).get("issuer").asText()).contains("CN=Test CA");
    assertThat(tls.get("peer_certificates").get(0).get("not_after").asText()).endsWith("Z");

    String noCa = "{\"host\":\"localhost\",\"port\":" + port("ssl:t") + ",\"transport\":\"ssl\","
        + "\"ssl\":{\"insecure\":false}}";
    String message = create(noCa).error(502, "CONNECT_FAILED").message();
    assertThat(message).startsWith("TLS handshake failed: ").contains("not trusted");

    String otherName = "{\"host\":\"127.0.0.1\",\"port\":" + port("ssl:t") + ",\"transport\":\"ssl\","
        + "\"ssl\":{\"cacert\":" + Api.JSON.writeValueAsString(ca) + ",\"server_name\":\"wrong.example\"}}";
    assertThat(create(otherName).error(502, "CONNECT_FAILED").message()).startsWith("TLS handshake failed: ")
        .contains("hostname mismatch");

    String insecure = "{\"host\":\"127.0.0.1\",\"port\":" + port("ssl:t") + ",\"transport\":\"ssl\","
        + "\"ssl\":{\"insecure\":true}}";
    assertThat(create(insecure).is(201).json().get("tls").get("protocol").asText()).startsWith("TLSv1.");
  }

  @Test
  void webSocketSecureWebSocketAndQuic() throws Exception {
    String ca = Api.JSON.writeValueAsString(Files.readString(pki.dir.resolve("ca.pem")));
    JsonNode ws = create("{\"host\":\"127.0.0.1\",\"port\":" + port("ws:t") + ",\"transport\":\"ws\","
        + "\"proto_ver\":\"3.1.1\"}").is(201).json();
    assertThat(ws.get("path").asText()).isEqualTo("/mqtt");
    assertThat(ws.get("proto_ver").asText()).isEqualTo("3.1.1");
    String wsId = ws.get("id").asText();
    api.post(BASE + "/" + wsId + "/subscribe", auth, "{\"topic\":\"ws/x\",\"qos\":2}").is(200);
    JsonNode pub2 = api.post(BASE + "/" + wsId + "/publish", auth, "{\"topic\":\"ws/x\",\"payload\":\"q2\","
        + "\"qos\":2}").is(200).json();
    assertThat(pub2.get("reason_code").asInt()).isZero();
    awaitPayload(wsId, "q2");

    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + port("ws:t") + ",\"transport\":\"ws\","
        + "\"path\":\"/nope\"}").error(502, "CONNECT_FAILED").message())
        .startsWith("WebSocket upgrade refused: HTTP 4");

    JsonNode wss = create("{\"host\":\"localhost\",\"port\":" + port("wss:t") + ",\"transport\":\"wss\","
        + "\"ssl\":{\"cacert\":" + ca + "}}").is(201).json();
    assertThat(wss.get("tls").get("peer_certificates").get(0).get("subject").asText()).contains("CN=localhost");

    JsonNode quic = create("{\"host\":\"localhost\",\"port\":" + port("quic:t") + ",\"transport\":\"quic\","
        + "\"ssl\":{\"cacert\":" + ca + "}}").is(201).json();
    assertThat(quic.get("tls").get("protocol").asText()).isEqualTo("TLSv1.3");
    String quicId = quic.get("id").asText();
    api.post(BASE + "/" + quicId + "/subscribe", auth, "{\"topic\":\"quic/x\",\"qos\":1}").is(200);
    api.post(BASE + "/" + quicId + "/publish", auth, "{\"topic\":\"quic/x\",\"payload\":\"over quic\",\"qos\":1}")
        .is(200);
    awaitPayload(quicId, "over quic");
  }

  @Test
  void onlyThisBrokersListenersOrAllowedHostsAreTargets() throws Exception {
    int notAListener = FreePorts.next();
    String refused = create("{\"host\":\"127.0.0.1\",\"port\":" + notAListener + ",\"transport\":\"tcp\","
        + "\"username\":\"u\",\"password\":\"do-not-log-me\"}").error(403, "TESTER_TARGET_NOT_ALLOWED").message();
    assertThat(refused).contains("dashboard.tester.allowed_hosts");
    create("{\"host\":\"10.0.0.1\",\"port\":1883,\"transport\":\"tcp\"}").error(403, "TESTER_TARGET_NOT_ALLOWED");
    create("{\"host\":\"10.0.0.1\",\"port\":" + port("tcp:default") + ",\"transport\":\"tcp\"}")
        .error(403, "TESTER_TARGET_NOT_ALLOWED");

    // allowed_hosts lets 127.0.0.1:<port> through: nothing listens there, and the Tester says so
    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + allowedPort + ",\"transport\":\"tcp\"}")
        .error(502, "CONNECT_FAILED").message())
        .isEqualTo("connection refused: nothing listens on 127.0.0.1:" + allowedPort);
    String audit = Files.readString(broker.data.resolve("audit.log"));
    assertThat(audit).contains("TESTER_TARGET_NOT_ALLOWED").doesNotContain("do-not-log-me");
  }

  @Test
  void aStoppedListenerDisconnectsItsTesterConnectionAndRefusesNewOnes() throws Exception {
    JsonNode extra = api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"tester\","
        + "\"bind\":\"127.0.0.1:0\"}").is(201).json();
    int port = portOf(extra);
    try {
      String id = create("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"transport\":\"tcp\"}").is(201).json()
          .get("id").asText();
      try (Sse sse = Sse.open(api.base(), BASE + "/" + id + "/events?after=1", auth)) {
        api.post("/api/v5/listeners/tcp:tester/stop", auth, null).is(200);
        JsonNode state = sse.next("state");
        assertThat(state.get("state").asText()).isEqualTo("disconnected");
        assertThat(state.get("reason").asText()).isEqualTo("DISCONNECT 0x8B Server shutting down");
      }
      JsonNode after = api.get(BASE + "/" + id, auth).is(200).json();
      assertThat(after.get("state").asText()).isEqualTo("disconnected");
      api.post(BASE + "/" + id + "/publish", auth, "{\"topic\":\"a\",\"payload\":\"x\"}").error(409, "NOT_CONNECTED");
      assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"transport\":\"tcp\"}")
          .error(502, "CONNECT_FAILED").message())
          .isEqualTo("connection refused: nothing listens on 127.0.0.1:" + port);
    } finally {
      api.send("DELETE", "/api/v5/listeners/tcp:tester", auth, null).is(204);
    }
  }

  @Test
  void aRefusedConnackIsNamed() throws Exception {
    JsonNode closed = api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"closed\","
        + "\"bind\":\"127.0.0.1:0\",\"allow_anonymous\":false}").is(201).json();
    try {
      String body = "{\"host\":\"127.0.0.1\",\"port\":" + portOf(closed) + ",\"transport\":\"tcp\"";
      assertThat(create(body + "}").error(502, "CONNECT_FAILED").message()).isEqualTo("CONNACK 0x87 Not authorized");
      assertThat(create(body + ",\"proto_ver\":\"3.1.1\"}").error(502, "CONNECT_FAILED").message())
          .startsWith("CONNACK 0x05");
    } finally {
      api.send("DELETE", "/api/v5/listeners/tcp:closed", auth, null).is(204);
    }
  }

  @Test
  void badFieldsAreRefusedWithTheFieldNamed() throws Exception {
    int p = port("tcp:default");
    assertThat(create("{\"hots\":\"127.0.0.1\"}").error(400, "BAD_REQUEST").message()).contains("'hots'");
    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + p + ",\"transport\":\"udp\"}").error(400,
        "BAD_REQUEST").message()).contains("'transport'");
    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":0,\"transport\":\"tcp\"}").error(400, "BAD_REQUEST")
        .message()).contains("'port'");
    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + p + ",\"transport\":\"tcp\",\"proto_ver\":\"4\"}")
        .error(400, "BAD_REQUEST").message()).contains("'proto_ver'");
    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + p + ",\"transport\":\"tcp\",\"ssl\":{}}")
        .error(400, "BAD_REQUEST").message()).contains("'ssl'");
    assertThat(create("{\"host\":\"localhost\",\"port\":" + port("ssl:t") + ",\"transport\":\"ssl\","
        + "\"ssl\":{\"cacert\":\"not a certificate\"}}").error(400, "BAD_REQUEST").message()).contains("'ssl.cacert'");
    assertThat(create("{\"host\":\"127.0.0.1\",\"port\":" + p + ",\"transport\":\"tcp\",\"keepalive\":-1}")
        .error(400, "BAD_REQUEST").message()).contains("'keepalive'");
    String id = create(tcp()).is(201).json().get("id").asText();
    assertThat(api.post(BASE + "/" + id + "/publish", auth, "{\"topic\":\"a\",\"qos\":3}").error(400,
        "BAD_REQUEST").message()).contains("'qos'");
    assertThat(api.post(BASE + "/" + id + "/publish", auth, "{\"topic\":\"a/#\"}").error(400, "BAD_REQUEST")
        .message()).contains("'topic'");
    assertThat(api.post(BASE + "/" + id + "/subscribe", auth, "{\"topic\":\"a\",\"qso\":1}").error(400,
        "BAD_REQUEST").message()).contains("'qso'");
    api.get(BASE + "/" + id + "/messages?after=x", auth).error(400, "BAD_REQUEST");
    api.get(BASE + "/nope", auth).error(404, "NOT_FOUND");
  }

  @Test
  void maxConnectionsIsEnforced() throws Exception {
    for (int i = 0; i < MAX; i++) {
      create(tcp()).is(201);
    }
    assertThat(create(tcp()).error(429, "TOO_MANY_CONNECTIONS").message())
        .contains("dashboard.tester.max_connections");
  }

  // --- helpers

  static String tcp() throws Exception {
    return "{\"host\":\"127.0.0.1\",\"port\":" + port("tcp:default") + ",\"transport\":\"tcp\"}";
  }

  static Api.Reply create(String body) throws Exception {
    return api.post(BASE, auth, body);
  }

  static int port(String listener) throws Exception {
    return portOf(api.get("/api/v5/listeners/" + listener, auth).is(200).json());
  }

  static int portOf(JsonNode listener) {
    String bind = listener.get("bind").asText();
    return Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
  }

  static void awaitPayload(String id, String payload) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!api.get(BASE + "/" + id + "/messages", auth).json().findValuesAsText("payload").contains(payload)) {
      assertThat(System.currentTimeMillis()).as("message '" + payload + "' received").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
