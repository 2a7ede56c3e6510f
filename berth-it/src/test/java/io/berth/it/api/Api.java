package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small client of the management API over real HTTP (java.net.http), for the tests. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** A response: status, headers, body text and (when JSON) its tree. */
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** Asserts the status and, for an error, the JSON {code, message} body. */
    Reply is(int expected) {
      assertThat(status).as(raw.body()).isEqualTo(expected);
      return this;
    }

    Reply error(int expected, String code) {
      is(expected);
      assertThat(header("Content-Type")).startsWith("application/json");
      assertThat(json().get("code").asText()).as(raw.body()).isEqualTo(code);
      assertThat(json().get("message").asText()).isNotBlank().doesNotContain("Exception", "\tat ");
      return this;
    }

    String message() {
      return json().get("message").asText();
    }
  }

  Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** "http://127.0.0.1:18083". */
  String base() {
    return base;
  }

  Reply send(String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r);
  }

  Reply get(String path, String auth) throws Exception {
    return send("GET", path, auth, null);
  }

  Reply post(String path, String auth, String body) throws Exception {
    return send("POST", path, auth, body);
  }

  Reply delete(String path, String auth) throws Exception {
    return send("DELETE", path, auth, null);
  }

  Reply put(String path, String auth, String body) throws Exception {
    return send("PUT", path, auth, body);
  }

  /**
   * Waits until the broker lists {@code clientId}'s session as offline: MQTT clients (Paho) return from a disconnect
   * once their DISCONNECT is written, before the broker has taken the session offline.
   */
  void awaitOffline(String clientId, String auth) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        get("/api/v5/clients/" + clientId, auth).is(200).json().get("connected").asBoolean()).isFalse());
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** JSON text from alternating keys and values. */
  static String json(Object... kv) {
    var o = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
    }
    return o.toString();
  }

  /** The port of a listener as the API shows it ({@code "bind": "127.0.0.1:41234"}). */
  static int portOf(JsonNode listener) {
    String bind = listener.get("bind").asText();
    return Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
  }
}
