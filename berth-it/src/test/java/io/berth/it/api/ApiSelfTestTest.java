package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.it.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v5/listeners/{id}/test} through real tcp, ws, ssl, wss and quic listeners: a real round trip with
 * each step's time, the listener's own certificate pinned, and a stopped listener reported as refused.
 */
class ApiSelfTestTest {
  @TempDir static Path dir;
  static ApiBroker broker;
  static TestPki pki;
  static Api api;
  static String auth;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    broker = ApiBroker.start(dir, "listeners.ssl.t { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.ws.t { bind = \"127.0.0.1:0\" }\n"
        + "listeners.wss.t { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.quic.t { bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "listeners.unix.t { path = \"" + dir.resolve("berth.sock") + "\", mode = \"600\" }\n");
    api = broker.api;
    auth = bearer(broker.adminToken());
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void tcpRoundTripStepByStep() throws Exception {
    JsonNode r = test("tcp:default", null);
    assertThat(r.get("listener").asText()).isEqualTo("tcp:default");
    assertAllOk(r, "connect", "connack", "subscribe", "publish", "receive");
    assertThat(r.has("tls")).isFalse();
    assertThat(r.has("error")).isFalse();
  }

  @Test
  void unixSocket() throws Exception {
    assertAllOk(test("unix:t", null), "connect", "connack", "subscribe", "publish", "receive");
  }

  @Test
  void webSocketRoundTripStepByStep() throws Exception { // a wildcard bind's address: SelfTestAddressTest
    assertAllOk(test("ws:t", null), "connect", "websocket", "connack", "subscribe", "publish", "receive");
  }

  @Test
  void sslPinsTheListenersOwnCertificate() throws Exception {
    JsonNode r = test("ssl:t", null);
    assertAllOk(r, "connect", "tls", "connack", "subscribe", "publish", "receive");
    assertThat(r.get("tls").get("protocol").asText()).startsWith("TLSv1.");
    assertThat(r.get("tls").get("cipher").asText()).isNotBlank();
    assertThat(r.get("tls").get("peer_certificates").get(0).get("subject").asText()).contains("CN=localhost");

    assertAllOk(test("wss:t", null), "connect", "tls", "websocket", "connack", "subscribe", "publish", "receive");
    assertAllOk(test("quic:t", null), "connect", "tls", "connack", "subscribe", "publish", "receive");
  }

  @Test
  void sslWithTheClientsOwnSettings() throws Exception {
    String ca = Api.JSON.writeValueAsString(Files.readString(pki.dir.resolve("ca.pem")));
    assertAllOk(test("ssl:t", "{\"ssl\":{\"cacert\":" + ca + ",\"server_name\":\"localhost\"}}"), "connect", "tls",
        "connack", "subscribe", "publish", "receive");
    // Trusting the system's CAs only, as a device without the CA would: the TLS step fails and says why
    JsonNode r = test("ssl:t", "{\"ssl\":{\"server_name\":\"localhost\"}}");
    assertThat(r.get("ok").asBoolean()).isFalse();
    JsonNode tls = r.get("steps").get(1);
    assertThat(tls.get("step").asText()).isEqualTo("tls");
    assertThat(tls.get("ok").asBoolean()).isFalse();
    assertThat(tls.get("detail").asText()).startsWith("TLS handshake failed").contains("not trusted");
    assertThat(r.get("error").asText()).isEqualTo(tls.get("detail").asText());
    api.post("/api/v5/listeners/tcp:default/test", auth, "{\"ssl\":{}}").error(400, "BAD_REQUEST");
    api.post("/api/v5/listeners/tcp:default/test", auth, "{\"usernme\":\"x\"}").error(400, "BAD_REQUEST");
    api.post("/api/v5/listeners/tcp:nope/test", auth, null).error(404, "NOT_FOUND");
  }

  @Test
  void aStoppedListenerIsRefused() throws Exception {
    JsonNode created = api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"selftest\","
        + "\"bind\":\"127.0.0.1:0\"}").is(201).json();
    String bind = created.get("bind").asText();
    try {
      assertAllOk(test("tcp:selftest", null), "connect", "connack", "subscribe", "publish", "receive");
      api.post("/api/v5/listeners/tcp:selftest/stop", auth, null).is(200);
      JsonNode r = test("tcp:selftest", null);
      assertThat(r.get("ok").asBoolean()).isFalse();
      assertThat(r.get("steps")).hasSize(1);
      JsonNode connect = r.get("steps").get(0);
      assertThat(connect.get("step").asText()).isEqualTo("connect");
      assertThat(connect.get("ok").asBoolean()).isFalse();
      assertThat(connect.get("detail").asText()).isEqualTo("connection refused: nothing listens on " + bind);
    } finally {
      api.send("DELETE", "/api/v5/listeners/tcp:selftest", auth, null).is(204);
    }
  }

  private static JsonNode test(String listener, String body) throws Exception {
    return api.post("/api/v5/listeners/" + listener + "/test", auth, body).is(200).json();
  }

  private static void assertAllOk(JsonNode r, String... steps) {
    assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
    List<JsonNode> list = StreamSupport.stream(r.get("steps").spliterator(), false).toList();
    assertThat(list.stream().map(s -> s.get("step").asText())).containsExactly(steps);
    for (JsonNode s : list) {
      assertThat(s.get("ok").asBoolean()).as(s.toString()).isTrue();
      assertThat(s.get("millis").asLong()).isBetween(0L, 10_000L);
      assertThat(s.get("detail").asText()).isNotBlank();
    }
  }
}
