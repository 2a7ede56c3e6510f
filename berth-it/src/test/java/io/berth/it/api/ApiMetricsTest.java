package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static io.berth.it.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.builtin.PasswordFileContent;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import io.berth.it.Paho5;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * Stats, metrics and Prometheus text over real HTTP, checked against exactly what real MQTT clients did; and the $SYS
 * topics, which only a superuser may subscribe to.
 */
class ApiMetricsTest extends OwnBrokerPerTest {
  @Test
  void metricsStatsAndPrometheusCountWhatClientsDid() throws Exception {
    broker = start("0");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    JsonNode m0 = api.get("/api/v5/metrics", auth).is(200).json();

    try (Paho5 sub = new Paho5(broker.mqttUri(), "m-sub").connect();
        Paho5 pub = new Paho5(broker.mqttUri(), "m-pub").connect()) {
      sub.subscribe("m/#", 1);
      for (int i = 0; i < 10; i++) {
        pub.publish("m/a", "zero-" + i, 0, false);
      }
      for (int i = 0; i < 5; i++) {
        pub.publish("m/b", "one-" + i, 1, false);
      }
      for (int i = 0; i < 3; i++) {
        pub.publish("nobody/here", "lost", 0, false);
      }
      for (int i = 0; i < 15; i++) {
        assertThat(sub.messages.poll(5, TimeUnit.SECONDS)).as("message " + i).isNotNull();
      }
      assertThatThrownBy(() -> v5("ops", "wrong")).isInstanceOf(MqttException.class);
      v5("ops", "ops-password").close();
      try (Paho5 nosy = new Paho5(broker.mqttUri(), "m-nosy").connect()) {
        IMqttToken t = nosy.subscribe("$SYS/#", 0);
        assertThat(t.getReasonCodes()).containsExactly(0x87);
      }

      JsonNode[] latest = new JsonNode[1];
      await().atMost(Duration.ofSeconds(5)).until(() -> { // the two closed connections are counted once closed
        latest[0] = api.get("/api/v5/metrics", auth).is(200).json();
        return delta(m0, latest[0], "client.disconnected") == 2;
      });
      JsonNode m1 = latest[0];
      assertThat(delta(m0, m1, "messages.qos0.received")).isEqualTo(13);
      assertThat(delta(m0, m1, "messages.qos1.received")).isEqualTo(5);
      assertThat(delta(m0, m1, "messages.qos2.received")).isZero();
      assertThat(delta(m0, m1, "messages.received")).isEqualTo(18);
      assertThat(delta(m0, m1, "messages.qos0.sent")).isEqualTo(10);
      assertThat(delta(m0, m1, "messages.qos1.sent")).isEqualTo(5);
      assertThat(delta(m0, m1, "messages.sent")).isEqualTo(15);
      assertThat(delta(m0, m1, "messages.dropped.no_subscribers")).isEqualTo(3);
      assertThat(delta(m0, m1, "messages.dropped")).isEqualTo(3);
      assertThat(delta(m0, m1, "packets.connect.received")).isEqualTo(5);
      assertThat(delta(m0, m1, "authentication.success")).isEqualTo(4); // 3 anonymous from loopback, ops
      assertThat(delta(m0, m1, "authentication.failure")).isEqualTo(1);
      assertThat(delta(m0, m1, "packets.connack.error")).isEqualTo(1);
      assertThat(delta(m0, m1, "authorization.allow")).isEqualTo(19); // 1 SUBSCRIBE, 18 PUBLISH
      assertThat(delta(m0, m1, "authorization.deny")).isEqualTo(1); // $SYS/# for an ordinary client
      assertThat(delta(m0, m1, "packets.subscribe.auth_error")).isEqualTo(1);
      assertThat(delta(m0, m1, "client.connected")).isEqualTo(4);
      assertThat(delta(m0, m1, "client.disconnected")).isEqualTo(2);
      assertThat(delta(m0, m1, "bytes.received")).isGreaterThan(18 * 5);
      assertThat(delta(m0, m1, "bytes.sent")).isGreaterThan(15 * 5);

      JsonNode stats = api.get("/api/v5/stats", auth).is(200).json();
      assertThat(stats.get("connections.count").asLong()).isEqualTo(2);
      assertThat(stats.get("live_connections.count").asLong()).isEqualTo(2);
      assertThat(stats.get("connections.max").asLong()).isGreaterThanOrEqualTo(3);
      assertThat(stats.get("sessions.count").asLong()).isEqualTo(2);
      assertThat(stats.get("subscriptions.count").asLong()).isEqualTo(1);
      assertThat(stats.get("retained.count").asLong()).isZero();
      assertThat(stats.get("listeners").get("tcp:default").asInt()).isEqualTo(2);

      String key = apiKey(api, auth);
      Api.Reply prom = api.get("/api/v5/prometheus/stats", key).is(200);
      assertThat(prom.header("Content-Type")).startsWith("text/plain");
      Map<String, Double> samples = samples(prom.raw().body());
      assertThat(samples.get("berth_messages_qos0_received_total"))
          .isEqualTo(m1.get("messages.qos0.received").asDouble());
      assertThat(samples.get("berth_messages_sent_total")).isEqualTo(m1.get("messages.sent").asDouble());
      assertThat(samples.get("berth_authentication_failure_total"))
          .isEqualTo(m1.get("authentication.failure").asDouble());
      assertThat(samples.get("berth_live_connections")).isEqualTo(2.0);
      assertThat(samples.get("berth_subscriptions")).isEqualTo(1.0);
      assertThat(samples.get("berth_listener_connections{listener=\"tcp:default\"}")).isEqualTo(2.0);
      assertThat(samples).containsKeys("berth_retained", "berth_sessions", "berth_bytes_received_total",
          "berth_authorization_deny_total", "jvm_threads_live_threads", "process_uptime_seconds");
      assertThat(prom.raw().body()).contains("jvm_memory_used_bytes{", "jvm_gc_collection_seconds_count{gc=",
          "jvm_gc_collection_seconds_sum{gc=");
      assertThat(samples.get("berth_mqueue_messages")).isZero();
      assertThat(samples.get("berth_inflight_messages")).isZero();

      MqttConnectionOptions persistent = new MqttConnectionOptions();
      persistent.setCleanStart(false);
      persistent.setSessionExpiryInterval(3600L);
      try (Paho5 away = new Paho5(broker.mqttUri(), "m-away").connect(persistent)) {
        away.subscribe("q/#", 1);
      }
      api.awaitOffline("m-away", auth); // so the messages below are queued for it, not in flight to it
      for (int i = 0; i < 3; i++) {
        pub.publish("q/x", "for later", 1, false);
      }
      assertThat(samples(api.get("/api/v5/prometheus/stats", key).is(200).raw().body())
          .get("berth_mqueue_messages")).isEqualTo(3.0); // queued for the offline persistent session
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(api.get("/api/v5/stats", auth).json()
        .get("live_connections.count").asLong()).isZero());
    api.get("/api/v5/prometheus/stats", null).error(401, "UNAUTHORIZED");
    api.get("/api/v5/prometheus/stats", Api.basic("nokey", "nosecret")).error(401, "UNAUTHORIZED");
    api.get("/api/v5/metrics", null).error(401, "UNAUTHORIZED");
    api.get("/api/v5/stats", null).error(401, "UNAUTHORIZED");
  }

  @Test
  void sysTopicsGoToSuperusersOnly() throws Exception {
    broker = start("1s");
    try (Paho5 ops = v5("ops", "ops-password"); Paho5 nosy = new Paho5(broker.mqttUri(), "sys-nosy").connect()) {
      assertThat(nosy.subscribe("$SYS/#", 0).getReasonCodes()).containsExactly(0x87);
      ops.subscribe("$SYS/#", 0);
      String prefix = "$SYS/brokers/berth@127.0.0.1/";
      Map<String, String> seen = new HashMap<>();
      // every topic read below: the subscription may begin in the middle of a round, after its uptime was sent
      List<String> wanted = List.of("$SYS/brokers", prefix + "version", prefix + "uptime", prefix + "datetime",
          prefix + "stats/live_connections/count", prefix + "stats/subscriptions/count",
          prefix + "metrics/client/connected", prefix + "metrics/messages/sent", prefix + "metrics/bytes/received",
          prefix + "stats/retained/count", prefix + "metrics/overload/refused");
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        Paho5.Received r;
        while ((r = ops.messages.poll()) != null) {
          seen.put(r.topic(), r.text());
        }
        return seen.keySet().containsAll(wanted);
      });
      assertThat(seen.get(prefix + "version")).isNotBlank();
      assertThat(seen.get("$SYS/brokers")).isEqualTo("berth@127.0.0.1");
      assertThat(Long.parseLong(seen.get(prefix + "uptime"))).isGreaterThanOrEqualTo(0);
      assertThat(Instant.parse(seen.get(prefix + "datetime"))).isAfter(Instant.now().minusSeconds(60));
      assertThat(seen.get(prefix + "stats/live_connections/count")).isEqualTo("2");
      assertThat(seen.get(prefix + "stats/subscriptions/count")).isEqualTo("1");
      assertThat(Long.parseLong(seen.get(prefix + "metrics/client/connected"))).isGreaterThanOrEqualTo(2);
      assertThat(seen).containsKeys(prefix + "metrics/messages/sent", prefix + "metrics/bytes/received",
          prefix + "stats/retained/count");
      assertThat(nosy.messages).isEmpty();
    }
  }

  private ApiBroker start(String interval) throws Exception {
    Path passwd = dir.resolve("passwd");
    User ops = new User("ops", PasswordHashes.create(Scheme.BCRYPT, "ops-password".getBytes(StandardCharsets.UTF_8))
        .encoded(), true);
    PasswordFileContent.empty().with(ops).write(passwd);
    return ApiBroker.start(dir, "sys_topics.sys_msg_interval = " + interval + "\nauthentication = [{mechanism ="
        + " password_based, backend = built_in_database, user_file = \"" + passwd + "\"}]\n");
  }

  private Paho5 v5(String user, String password) throws MqttException {
    Paho5 c = new Paho5(broker.mqttUri(), "as-" + user);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(user);
    o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    try {
      return c.connect(o);
    } catch (MqttException e) {
      c.close();
      throw e;
    }
  }

  private static String apiKey(Api api, String auth) throws Exception {
    JsonNode k = api.post("/api/v5/api_key", auth, json("name", "prometheus")).is(201).json();
    return Api.basic(k.get("key").asText(), k.get("secret").asText());
  }

  private static long delta(JsonNode before, JsonNode after, String name) {
    assertThat(after.has(name)).as(name).isTrue();
    return after.get(name).asLong() - before.get(name).asLong();
  }

  /** "name{labels} value" lines of the Prometheus text, by name with labels. */
  private static Map<String, Double> samples(String text) {
    Map<String, Double> out = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][^ ]*) ([^ \\n]+)$").matcher(text);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }
}
