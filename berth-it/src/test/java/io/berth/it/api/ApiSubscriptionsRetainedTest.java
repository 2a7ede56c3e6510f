package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.it.Paho5;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * /api/v5/subscriptions and /api/v5/mqtt/retainer over real HTTP with real MQTT clients; a retained message deleted
 * through the API stays deleted after a restart with durability on.
 */
class ApiSubscriptionsRetainedTest extends OwnBrokerPerTest {
  @Test
  void subscriptionsOfEveryClientWithSharedOnesUnderTheirPrefix() throws Exception {
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\n");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    try (Paho5 one = new Paho5(broker.mqttUri(), "sub-one").connect();
        Paho5 two = new Paho5(broker.mqttUri(), "sub-two").connect()) {
      MqttSubscription local = new MqttSubscription("s/#", 2);
      local.setNoLocal(true);
      local.setRetainAsPublished(true);
      one.subscribe(new MqttSubscription("$share/g1/s/+", 1), local);
      two.subscribe("t/1", 0);

      JsonNode all = api.get("/api/v5/subscriptions", auth).is(200).json();
      assertThat(all.get("meta").get("count").asInt()).isEqualTo(3);
      List<String> rows = new ArrayList<>();
      all.get("data").forEach(s -> rows.add(s.get("clientid").asText() + " " + s.get("topic").asText() + " q"
          + s.get("qos").asInt() + " nl" + s.get("nl").asInt() + " rap" + s.get("rap").asInt()));
      assertThat(rows).containsExactly("sub-one $share/g1/s/+ q1 nl0 rap0", "sub-one s/# q2 nl1 rap1",
          "sub-two t/1 q0 nl0 rap0");

      assertThat(api.get("/api/v5/subscriptions?clientid=sub-two", auth).json().get("data")).hasSize(1);
      JsonNode byTopic = api.get("/api/v5/subscriptions?topic=%24share%2Fg1%2Fs%2F%2B", auth).is(200).json();
      assertThat(byTopic.get("data")).hasSize(1);
      assertThat(byTopic.get("data").get(0).get("clientid").asText()).isEqualTo("sub-one");
      JsonNode page = api.get("/api/v5/subscriptions?limit=2&page=2", auth).is(200).json();
      assertThat(page.get("data")).hasSize(1);
      assertThat(page.get("meta").get("count").asInt()).isEqualTo(3);
      assertThat(api.get("/api/v5/subscriptions?qos=1", auth).error(400, "BAD_REQUEST").message())
          .contains("'qos'");
      assertThat(api.get("/api/v5/clients/sub-one/subscriptions", auth).json()).hasSize(2);
    }
  }

  @Test
  void retainedMessagesListedReadAndDeletedThroughTheCoreAlsoOnDisk() throws Exception {
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\ndurability.sync = batch\n");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    try (Paho5 pub = new Paho5(broker.mqttUri(), "ret-pub").connect()) {
      pub.publish("r/1", "hello", 1, true);
      pub.publish("r/2", "world!", 0, true);
    }
    // r/2 is QoS 0: Paho is done once it is written, perhaps before the broker has read it
    JsonNode[] latest = new JsonNode[1];
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      latest[0] = api.get("/api/v5/mqtt/retainer/messages", auth).is(200).json();
      return latest[0].get("meta").get("count").asInt() == 2;
    });
    JsonNode list = latest[0];
    assertThat(list.get("meta").get("count").asInt()).isEqualTo(2);
    JsonNode first = list.get("data").get(0);
    assertThat(first.get("topic").asText()).isEqualTo("r/1");
    assertThat(first.get("qos").asInt()).isEqualTo(1);
    assertThat(first.get("payload").asText()).isEqualTo(b64("hello"));
    assertThat(first.get("payload_size").asInt()).isEqualTo(5);
    assertThat(first.get("from_clientid").asText()).isEqualTo("ret-pub");
    assertThat(list.get("data").get(1).get("topic").asText()).isEqualTo("r/2");
    JsonNode page = api.get("/api/v5/mqtt/retainer/messages?page=2&limit=1", auth).is(200).json();
    assertThat(page.get("data").get(0).get("topic").asText()).isEqualTo("r/2");

    assertThat(api.get("/api/v5/mqtt/retainer/message/r%2F2", auth).is(200).json().get("payload").asText())
        .isEqualTo(b64("world!"));
    assertThat(api.get("/api/v5/mqtt/retainer/message/r/2", auth).is(200).json().get("topic").asText())
        .isEqualTo("r/2");
    api.get("/api/v5/mqtt/retainer/message/r%2F3", auth).error(404, "NOT_FOUND");
    assertThat(api.get("/api/v5/mqtt/retainer/message/r%2F%2B", auth).error(400, "BAD_REQUEST").message())
        .contains("topic");
    api.delete("/api/v5/mqtt/retainer/message/r%2F%23", auth).error(400, "BAD_REQUEST");

    api.delete("/api/v5/mqtt/retainer/message/r%2F1", auth).is(204);
    api.get("/api/v5/mqtt/retainer/message/r%2F1", auth).error(404, "NOT_FOUND");
    api.delete("/api/v5/mqtt/retainer/message/r%2F1", auth).error(404, "NOT_FOUND");
    assertThat(retainedFor("r/#")).containsExactly("r/2");
    assertThat(Files.readString(broker.data.resolve("audit.log"))).contains("\"action\":\"retained_delete\","
        + "\"target\":\"r/1\",\"outcome\":\"success\"");

    broker.close(); // durability on: what the API deleted must not come back from the disk
    broker = ApiBroker.start(dir, "");
    assertThat(retainedFor("r/#")).containsExactly("r/2");
    String again = bearer(broker.login(ApiBroker.PASSWORD));
    assertThat(broker.api.get("/api/v5/mqtt/retainer/messages", again).json().get("meta").get("count").asInt())
        .isEqualTo(1);
    broker.api.get("/api/v5/mqtt/retainer/messages", null).error(401, "UNAUTHORIZED");
    broker.api.delete("/api/v5/mqtt/retainer/message/r%2F2", null).error(401, "UNAUTHORIZED");
  }

  /** The topics of the retained messages a new subscriber to {@code filter} gets. */
  private List<String> retainedFor(String filter) throws Exception {
    List<String> topics = new ArrayList<>();
    try (Paho5 sub = new Paho5(broker.mqttUri(), "ret-sub")) {
      sub.connect(new MqttConnectionOptions());
      sub.subscribe(filter, 1);
      Paho5.Received r;
      while ((r = sub.messages.poll(500, TimeUnit.MILLISECONDS)) != null) {
        topics.add(r.topic());
      }
    }
    return topics;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
