package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.it.Paho5;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/v5/clients over real HTTP with real MQTT clients: connected and offline persistent sessions listed, filters,
 * pages, one client, its subscriptions, and the kick seen by a Paho v5 client as DISCONNECT 0x98.
 */
class ApiClientsTest {
  @TempDir Path dir;
  ApiBroker broker;
  Api api;
  String auth;
  final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\n");
    api = broker.api;
    auth = bearer(broker.adminToken());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        // already gone
      }
    }
    broker.close();
  }

  @Test
  void listsConnectedAndOfflinePersistentSessionsWithFiltersAndPages() throws Exception {
    Paho5 alice = v5("api-alice", "alice", true, 0);
    MqttClient bob = v3("api-bob", "bob", false); // persistent (Clean Session 0)
    bob.subscribe("a/#", 1);
    bob.disconnect();
    bob.close();
    api.awaitOffline("api-bob", auth);

    JsonNode all = api.get("/api/v5/clients", auth).is(200).json();
    assertThat(all.get("meta").get("count").asInt()).isEqualTo(2);
    assertThat(all.get("meta").get("page").asInt()).isEqualTo(1);
    assertThat(all.get("meta").get("limit").asInt()).isEqualTo(100);
    JsonNode a = all.get("data").get(0);
    assertThat(a.get("clientid").asText()).isEqualTo("api-alice");
    assertThat(a.get("username").asText()).isEqualTo("alice");
    assertThat(a.get("listener").asText()).isEqualTo("tcp:default");
    assertThat(a.get("peerhost").asText()).isEqualTo("127.0.0.1");
    assertThat(a.get("port").asInt()).isPositive();
    assertThat(a.get("connected").asBoolean()).isTrue();
    assertThat(Instant.parse(a.get("connected_at").asText())).isBetween(Instant.now().minusSeconds(60),
        Instant.now());
    assertThat(a.get("proto_ver").asText()).isEqualTo("5");
    assertThat(a.get("keepalive").asInt()).isEqualTo(60);
    assertThat(a.get("clean_start").asBoolean()).isTrue();
    assertThat(a.get("expiry_interval").asLong()).isZero();
    assertThat(a.get("subscriptions_cnt").asInt()).isZero();
    assertThat(a.get("inflight_cnt").asInt()).isZero();
    assertThat(a.get("mqueue_len").asInt()).isZero();
    assertThat(a.get("mqueue_dropped").asLong()).isZero();
    JsonNode b = all.get("data").get(1);
    assertThat(b.get("clientid").asText()).isEqualTo("api-bob");
    assertThat(b.get("connected").asBoolean()).isFalse();
    assertThat(b.get("proto_ver").asText()).isEqualTo("3.1.1");
    assertThat(b.get("clean_start").asBoolean()).isFalse();
    assertThat(b.get("expiry_interval").asLong()).isEqualTo(7200); // "never" capped by mqtt.session_expiry_interval
    assertThat(b.get("subscriptions_cnt").asInt()).isEqualTo(1);

    assertThat(ids("/api/v5/clients?clientid=api-alice")).containsExactly("api-alice");
    assertThat(ids("/api/v5/clients?like_clientid=bo")).containsExactly("api-bob");
    assertThat(ids("/api/v5/clients?username=bob")).containsExactly("api-bob");
    assertThat(ids("/api/v5/clients?like_username=lic")).containsExactly("api-alice");
    assertThat(ids("/api/v5/clients?listener=tcp:default")).containsExactly("api-alice", "api-bob");
    assertThat(ids("/api/v5/clients?listener=tcp:other")).isEmpty();
    assertThat(ids("/api/v5/clients?clientid=&like_clientid=api")).hasSize(2); // empty filters filter nothing

    JsonNode page2 = api.get("/api/v5/clients?page=2&limit=1", auth).is(200).json();
    assertThat(page2.get("data")).hasSize(1);
    assertThat(page2.get("data").get(0).get("clientid").asText()).isEqualTo("api-bob");
    assertThat(page2.get("meta").get("count").asInt()).isEqualTo(2);
    assertThat(page2.get("meta").get("hasnext").asBoolean()).isFalse();
    assertThat(api.get("/api/v5/clients?page=1&limit=1", auth).json().get("meta").get("hasnext").asBoolean())
        .isTrue();
    assertThat(api.get("/api/v5/clients?page=9&limit=1", auth).json().get("data")).isEmpty();

    JsonNode one = api.get("/api/v5/clients/api-bob", auth).is(200).json();
    assertThat(one.get("clientid").asText()).isEqualTo("api-bob");
    assertThat(one.get("username").asText()).isEqualTo("bob");
    JsonNode subs = api.get("/api/v5/clients/api-bob/subscriptions", auth).is(200).json();
    assertThat(subs).hasSize(1);
    assertThat(subs.get(0).get("topic").asText()).isEqualTo("a/#");
    assertThat(subs.get(0).get("qos").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v5/clients/api-alice/subscriptions", auth).json()).isEmpty();
    alice.close();
  }

  @Test
  void kickSendsAdministrativeActionAndKeepsAPersistentSession() throws Exception {
    Paho5 eve = v5("api-eve", null, true, 0);
    Paho5 kept = v5("api-kept", null, false, 3600);

    api.delete("/api/v5/clients/api-eve", auth).is(204);
    MqttDisconnectResponse d = eve.disconnects.poll(5, TimeUnit.SECONDS);
    assertThat(d).isNotNull();
    assertThat(d.getReturnCode()).isEqualTo(0x98);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> api.get("/api/v5/clients/api-eve", auth)
        .error(404, "NOT_FOUND")); // expiry 0: the session ended with the connection

    api.delete("/api/v5/clients/api-kept", auth).is(204);
    assertThat(kept.disconnects.poll(5, TimeUnit.SECONDS).getReturnCode()).isEqualTo(0x98);
    api.awaitOffline("api-kept", auth);
    assertThat(api.delete("/api/v5/clients/api-kept", auth).error(404, "NOT_FOUND").message())
        .contains("not connected");
    api.delete("/api/v5/clients/nobody", auth).error(404, "NOT_FOUND");
    assertThat(Files.readString(broker.data.resolve("audit.log"))).contains("\"action\":\"client_kick\","
        + "\"target\":\"api-eve\",\"outcome\":\"success\"");
  }

  @Test
  void clientIdsWithSlashesAndSpacesAreOnePathSegmentWhenEncoded() throws Exception {
    Paho5 odd = v5("site/7 a", null, true, 0);
    odd.subscribe("x/y", 1);
    assertThat(api.get("/api/v5/clients/site%2F7%20a", auth).is(200).json().get("clientid").asText())
        .isEqualTo("site/7 a");
    assertThat(api.get("/api/v5/clients/site%2F7%20a/subscriptions", auth).is(200).json().get(0).get("topic")
        .asText()).isEqualTo("x/y");
    api.delete("/api/v5/clients/site%2F7%20a", auth).is(204);
    assertThat(odd.disconnects.poll(5, TimeUnit.SECONDS).getReturnCode()).isEqualTo(0x98);
  }

  @Test
  void errorsNameTheParameterAndNeedALogin() throws Exception {
    api.get("/api/v5/clients/nobody", auth).error(404, "NOT_FOUND");
    api.get("/api/v5/clients/nobody/subscriptions", auth).error(404, "NOT_FOUND");
    assertThat(api.get("/api/v5/clients?page=0", auth).error(400, "BAD_REQUEST").message()).contains("'page'");
    assertThat(api.get("/api/v5/clients?limit=abc", auth).error(400, "BAD_REQUEST").message()).contains("'limit'");
    assertThat(api.get("/api/v5/clients?limit=10001", auth).error(400, "BAD_REQUEST").message())
        .contains("'limit'");
    assertThat(api.get("/api/v5/clients?clientId=x", auth).error(400, "BAD_REQUEST").message())
        .contains("'clientId'");
    api.get("/api/v5/clients", null).error(401, "UNAUTHORIZED");
    api.get("/api/v5/clients/x", null).error(401, "UNAUTHORIZED");
    api.delete("/api/v5/clients/x", null).error(401, "UNAUTHORIZED");
    api.get("/api/v5/subscriptions", null).error(401, "UNAUTHORIZED");
  }

  private List<String> ids(String path) throws Exception {
    List<String> out = new ArrayList<>();
    api.get(path, auth).is(200).json().get("data").forEach(c -> out.add(c.get("clientid").asText()));
    return out;
  }

  private Paho5 v5(String id, String username, boolean cleanStart, long expiry) throws Exception {
    Paho5 c = new Paho5(broker.mqttUri(), id);
    clients.add(c);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(cleanStart);
    o.setSessionExpiryInterval(expiry);
    if (username != null) {
      o.setUserName(username);
    }
    return c.connect(o);
  }

  private MqttClient v3(String id, String username, boolean cleanSession) throws Exception {
    MqttClient c = new MqttClient(broker.mqttUri(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setUserName(username);
    c.connect(o);
    return c;
  }
}
