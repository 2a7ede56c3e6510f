package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Every listeners endpoint over real HTTP, each change checked with a real MQTT client, and the overrides file read
 * at the next start.
 */
class ApiListenersTest extends OwnBrokerPerTest {
  @Test
  void createStopStartRestartUpdateAndDeleteAListenerThatRealClientsUse() throws Exception {
    broker = ApiBroker.start(dir, "");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());

    JsonNode list = api.get("/api/v5/listeners", auth).is(200).json();
    assertThat(ids(list)).contains("tcp:default", "ws:default", "ssl:default");
    JsonNode tcp = api.get("/api/v5/listeners/tcp:default", auth).is(200).json();
    assertThat(tcp.get("running").asBoolean()).isTrue();
    assertThat(tcp.get("type").asText()).isEqualTo("tcp");
    assertThat(tcp.get("name").asText()).isEqualTo("default");
    assertThat(tcp.get("max_connections").asInt()).isPositive();
    assertThat(api.get("/api/v5/listeners/ssl:default", auth).json().get("running").asBoolean()).isFalse();

    JsonNode created = api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"api\","
        + "\"bind\":\"127.0.0.1:0\",\"max_connections\":100,\"access_rules\":[\"allow all\"]}").is(201).json();
    assertThat(created.get("id").asText()).isEqualTo("tcp:api");
    assertThat(created.get("access_rules").toString()).isEqualTo("[\"allow all\"]");
    assertThat(created.get("running").asBoolean()).isTrue();
    assertThat(created.get("max_connections").asInt()).isEqualTo(100);
    int port = Api.portOf(created);
    assertThat(port).isPositive();
    try (Mqtt c = connect(port)) {
      assertThat(c.client().isConnected()).isTrue();
      assertThat(api.get("/api/v5/listeners/tcp:api", auth).json().get("current_connections").asInt())
          .isEqualTo(1);
    }
    api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"api\",\"bind\":\"127.0.0.1:0\"}")
        .error(409, "ALREADY_EXISTS");

    JsonNode stopped = api.post("/api/v5/listeners/tcp:api/stop", auth, null).is(200).json();
    assertThat(stopped.get("running").asBoolean()).isFalse();
    assertThat(stopped.get("enabled").asBoolean()).isFalse();
    assertThatThrownBy(() -> connect(port)).isInstanceOf(MqttException.class);
    assertThat(Api.portOf(api.get("/api/v5/listeners/tcp:default", auth).json())).isPositive(); // others untouched

    JsonNode started = api.post("/api/v5/listeners/tcp:api/start", auth, null).is(200).json();
    assertThat(started.get("running").asBoolean()).isTrue();
    int port2 = Api.portOf(started);
    connect(port2).close();
    JsonNode restarted = api.post("/api/v5/listeners/tcp:api/restart", auth, null).is(200).json();
    connect(Api.portOf(restarted)).close();

    JsonNode updated = api.send("PUT", "/api/v5/listeners/tcp:api", auth, "{\"max_connections\":1}").is(200)
        .json();
    assertThat(updated.get("max_connections").asInt()).isEqualTo(1);
    try (Mqtt first = connect(Api.portOf(updated))) {
      assertThatThrownBy(() -> connect(Api.portOf(updated))).isInstanceOf(MqttException.class);
    }

    api.send("DELETE", "/api/v5/listeners/tcp:api", auth, null).is(204);
    api.get("/api/v5/listeners/tcp:api", auth).error(404, "NOT_FOUND");
    assertThatThrownBy(() -> connect(Api.portOf(updated))).isInstanceOf(MqttException.class);
    api.send("DELETE", "/api/v5/listeners/tcp:api", auth, null).error(404, "NOT_FOUND");
    api.post("/api/v5/listeners/tcp:api/start", auth, null).error(404, "NOT_FOUND");

    List<String> actions = new ArrayList<>();
    for (String l : Files.readAllLines(broker.data.resolve("audit.log"))) {
      JsonNode e = Api.JSON.readTree(l);
      if (e.get("target").asText().equals("tcp:api") && e.get("outcome").asText().equals("success")) {
        actions.add(e.get("action").asText());
      }
    }
    assertThat(actions).containsExactly("listener_create", "listener_stop", "listener_start", "listener_restart",
        "listener_update", "listener_delete");
  }

  @Test
  void badSettingsAreRefusedWithTheFieldNamedAsInBerthConf() throws Exception {
    broker = ApiBroker.start(dir, "");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"x\",\"bind\":\"127.0.0.1:0\","
        + "\"max_connections\":0}").error(400, "BAD_REQUEST").message())
        .isEqualTo("listeners.tcp.x.max_connections = 0: expected an integer >= 1 or infinity");
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"x\",\"bind\":\"127.0.0.1:0\","
        + "\"max_conections\":5}").error(400, "BAD_REQUEST").message())
        .contains("listeners.tcp.x.max_conections", "unknown key", "max_connections");
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"x\",\"bind\":\"127.0.0.1:99999\"}")
        .error(400, "BAD_REQUEST").message()).contains("listeners.tcp.x.bind");
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"x\"}")
        .error(400, "BAD_REQUEST").message()).contains("missing bind");
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"http\",\"name\":\"x\",\"bind\":\"1\"}")
        .error(400, "BAD_REQUEST").message()).contains("'type'");
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"a b\",\"bind\":\"1\"}")
        .error(400, "BAD_REQUEST").message()).contains("'name'");
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"x\",\"bind\":\"127.0.0.1:0\","
        + "\"ssl_options\":null}").error(400, "BAD_REQUEST").message()).contains("'ssl_options'");
    assertThat(api.send("PUT", "/api/v5/listeners/tcp:default", auth, "{\"type\":\"ssl\"}")
        .error(400, "BAD_REQUEST").message()).contains("'type'");
    assertThat(api.send("PUT", "/api/v5/listeners/tcp:default", auth, "{\"websocket\":{\"mqtt_path\":\"/m\"}}")
        .error(400, "BAD_REQUEST").message()).contains("listeners.tcp.default.websocket", "unknown key");
    api.send("PUT", "/api/v5/listeners/tcp:nope", auth, "{\"max_connections\":5}").error(404, "NOT_FOUND");
    // a port in use: the listener could not start, nothing is added or saved
    int taken = Api.portOf(api.get("/api/v5/listeners/tcp:default", auth).json());
    assertThat(api.post("/api/v5/listeners", auth, "{\"type\":\"tcp\",\"name\":\"x\",\"bind\":\"127.0.0.1:"
        + taken + "\"}").error(400, "LISTENER_FAILED").message()).contains("127.0.0.1:" + taken);
    api.get("/api/v5/listeners/tcp:x", auth).error(404, "NOT_FOUND");
    assertThat(broker.data.resolve("listeners.override.conf")).doesNotExist();
  }

  @Test
  void changesAreKeptInTheOverridesFileAndReadAtTheNextStart() throws Exception {
    broker = ApiBroker.start(dir, "");
    String auth = bearer(broker.adminToken());
    broker.api.post("/api/v5/listeners", auth, "{\"type\":\"ws\",\"name\":\"web\",\"bind\":\"127.0.0.1:0\","
        + "\"websocket\":{\"mqtt_path\":\"/m\"}}").is(201);
    broker.api.send("DELETE", "/api/v5/listeners/ssl:default", auth, null).is(204);
    broker.api.send("PUT", "/api/v5/listeners/tcp:default", auth, "{\"max_connections\":77}").is(200);
    Path overrides = broker.data.resolve("listeners.override.conf");
    assertThat(java.nio.file.Files.getPosixFilePermissions(overrides))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(overrides)).contains("mqtt_path", "null");
    String operatorsFile = Files.readString(broker.file);
    broker.close();

    broker = ApiBroker.start(dir, "");
    assertThat(Files.readString(broker.file)).isEqualTo(operatorsFile); // never rewritten
    String auth2 = bearer(broker.login(ApiBroker.PASSWORD));
    JsonNode list = broker.api.get("/api/v5/listeners", auth2).is(200).json();
    assertThat(ids(list)).contains("ws:web", "tcp:default").doesNotContain("ssl:default");
    assertThat(broker.api.get("/api/v5/listeners/ws:web", auth2).json().get("running").asBoolean()).isTrue();
    assertThat(broker.api.get("/api/v5/listeners/tcp:default", auth2).json().get("max_connections").asInt())
        .isEqualTo(77);
    assertThat(broker.data.resolve("initial_admin_password")).doesNotExist(); // the admin was kept
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.forEach(l -> ids.add(l.get("id").asText()));
    return ids;
  }

  /** A connected Paho client that disconnects when closed (Paho refuses to close a connected client). */
  record Mqtt(MqttClient client) implements AutoCloseable {
    @Override
    public void close() throws MqttException {
      if (client.isConnected()) {
        client.disconnect(1000);
      }
      client.close();
    }
  }

  private static Mqtt connect(int port) throws MqttException {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "api-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    try {
      c.connect(o);
    } catch (MqttException e) {
      c.close();
      throw e;
    }
    return new Mqtt(c);
  }
}
