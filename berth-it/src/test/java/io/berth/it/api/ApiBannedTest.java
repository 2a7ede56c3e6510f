package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static io.berth.it.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** /api/v5/banned over real HTTP: a ban closes a connected client at once, keeps it out, and survives a restart. */
class ApiBannedTest extends OwnBrokerPerTest {
  @Test
  void banKicksTheConnectedClientKeepsItOutAndSurvivesARestart() throws Exception {
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\n");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    MqttClient victim = connect("victim");

    Instant before = Instant.now();
    JsonNode ban = api.post("/api/v5/banned", auth, json("as", "clientid", "who", "victim", "reason", "testing"))
        .is(201).json();
    assertThat(ban.get("as").asText()).isEqualTo("clientid");
    assertThat(ban.get("who").asText()).isEqualTo("victim");
    assertThat(ban.get("by").asText()).isEqualTo("admin");
    assertThat(ban.get("reason").asText()).isEqualTo("testing");
    assertThat(Instant.parse(ban.get("at").asText())).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(Instant.parse(ban.get("until").asText())) // EMQX's default: a year
        .isBetween(before.plus(364, ChronoUnit.DAYS), before.plus(366, ChronoUnit.DAYS));
    await().atMost(Duration.ofSeconds(5)).until(() -> !victim.isConnected());
    victim.close();
    assertThatThrownBy(() -> connect("victim")).isInstanceOf(MqttException.class);
    connect("bystander").disconnect(); // others are not touched

    JsonNode net = api.post("/api/v5/banned", auth, json("as", "peerhost_net", "who", "10.1.2.3/8", "until",
        "infinity", "by", "ops")).is(201).json();
    assertThat(net.get("as").asText()).isEqualTo("peerhost_net");
    assertThat(net.get("who").asText()).isEqualTo("10.0.0.0/8");
    assertThat(net.get("until").asText()).isEqualTo("infinity");
    assertThat(net.get("by").asText()).isEqualTo("ops");
    String until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(api.post("/api/v5/banned", auth, json("as", "username_re", "who", "^bot-", "until", until)).is(201)
        .json().get("until").asText()).isEqualTo(until);

    JsonNode list = api.get("/api/v5/banned", auth).is(200).json();
    assertThat(list.get("meta").get("count").asInt()).isEqualTo(3);
    assertThat(list.get("data").get(0).get("who").asText()).isEqualTo("victim");
    assertThat(api.get("/api/v5/banned?limit=1&page=3", auth).json().get("data").get(0).get("as").asText())
        .isEqualTo("username_re");

    api.delete("/api/v5/banned/peerhost_net/10.0.0.0%2F8", auth).is(204);
    api.delete("/api/v5/banned/peerhost_net/10.0.0.0%2F8", auth).error(404, "NOT_FOUND");
    assertThat(Files.readString(broker.data.resolve("audit.log"))).contains("\"action\":\"ban_create\"",
        "\"action\":\"ban_delete\",\"target\":\"peerhost_net 10.0.0.0/8\",\"outcome\":\"success\"");

    broker.close(); // bans are saved (banned.txt) and read back at the next start
    broker = ApiBroker.start(dir, "");
    String again = bearer(broker.login(ApiBroker.PASSWORD));
    assertThat(broker.api.get("/api/v5/banned", again).json().get("meta").get("count").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> connect("victim")).isInstanceOf(MqttException.class);
    broker.api.delete("/api/v5/banned/clientid/victim", again).is(204);
    connect("victim").disconnect();
  }

  @Test
  void refusalsNameTheField() throws Exception {
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\n");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    api.post("/api/v5/banned", auth, json("as", "clientid", "who", "twice")).is(201);
    api.post("/api/v5/banned", auth, json("as", "clientid", "who", "twice")).error(409, "ALREADY_EXISTS");
    assertThat(api.post("/api/v5/banned", auth, json("as", "ip", "who", "x")).error(400, "BAD_REQUEST").message())
        .contains("'as'");
    assertThat(api.post("/api/v5/banned", auth, json("who", "x")).error(400, "BAD_REQUEST").message())
        .contains("'as'");
    assertThat(api.post("/api/v5/banned", auth, json("as", "clientid")).error(400, "BAD_REQUEST").message())
        .contains("'who'");
    assertThat(api.post("/api/v5/banned", auth, json("as", "peerhost", "who", "not-an-address"))
        .error(400, "BAD_REQUEST").message()).contains("'who'");
    assertThat(api.post("/api/v5/banned", auth, json("as", "clientid_re", "who", "(")).error(400, "BAD_REQUEST")
        .message()).contains("'who'");
    assertThat(api.post("/api/v5/banned", auth, json("as", "clientid", "who", "x", "until", "tomorrow"))
        .error(400, "BAD_REQUEST").message()).contains("'until'");
    assertThat(api.post("/api/v5/banned", auth, json("as", "clientid", "who", "x", "until", "2020-01-01T00:00:00Z"))
        .error(400, "BAD_REQUEST").message()).contains("'until'");
    assertThat(api.post("/api/v5/banned", auth, json("as", "clientid", "who", "x", "reasn", "typo"))
        .error(400, "BAD_REQUEST").message()).contains("'reasn'");
    api.delete("/api/v5/banned/clientid/nobody", auth).error(404, "NOT_FOUND");
    assertThat(api.delete("/api/v5/banned/ip/x", auth).error(400, "BAD_REQUEST").message()).contains("'as'");
    assertThat(api.get("/api/v5/banned?page=x", auth).error(400, "BAD_REQUEST").message()).contains("'page'");
    api.get("/api/v5/banned", null).error(401, "UNAUTHORIZED");
    api.post("/api/v5/banned", null, json("as", "clientid", "who", "x")).error(401, "UNAUTHORIZED");
    api.delete("/api/v5/banned/clientid/twice", null).error(401, "UNAUTHORIZED");
  }

  private MqttClient connect(String id) throws MqttException {
    MqttClient c = new MqttClient(broker.mqttUri(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    c.connect(o);
    return c;
  }
}
