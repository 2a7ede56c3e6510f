package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Debian's mosquitto_sub and mosquitto_pub, used exactly as the README shows them. */
class MosquittoClientsTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @ParameterizedTest(name = "mosquitto_sub -V {0} <- mosquitto_pub -V {1} -q {2}")
  @CsvSource({
    "mqttv31, mqttv31, 0",
    "mqttv311, mqttv311, 1",
    "mqttv5, mqttv5, 2",
    "mqttv5, mqttv31, 1",
    "mqttv31, mqttv5, 2"
  })
  void subAndPub(String subVersion, String pubVersion, String qos) {
    String port = String.valueOf(broker.port());
    String id = Ids.client("msub");
    try (Mosquitto.Handle sub = Mosquitto.spawn("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", subVersion,
        "-i", id, "-q", "2", "-t", "a/#", "-v", "-C", "1", "-W", "20")) {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
        assertThat(sub.isAlive()).as("mosquitto_sub still running").isTrue();
        assertThat(broker.subscriptionsOf(id)).contains("a/#");
      });
      Mosquitto.Result pub = Mosquitto.run(10, "mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-V", pubVersion,
          "-q", qos, "-t", "a/b", "-m", "hello " + pubVersion);
      assertThat(pub.exitCode()).as("mosquitto_pub exit code; stderr: %s", pub.stderr()).isZero();
      Mosquitto.Result got = sub.finish(10);
      assertThat(got.exitCode()).as("mosquitto_sub exit code; stderr: %s", got.stderr()).isZero();
      assertThat(got.stdout()).isEqualTo("a/b hello " + pubVersion + "\n");
    }
    // its clean session ends when it leaves, and the subscription with it
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().core().sessions().get(id) == null);
  }

  @Test
  void retainedMessageReachesALaterMosquittoSub() {
    String port = String.valueOf(broker.port());
    Mosquitto.Result pub = Mosquitto.run(10, "mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-V", "mqttv311",
        "-t", "a/retained", "-m", "kept", "-r", "-q", "1");
    assertThat(pub.exitCode()).as(pub.stderr()).isZero();
    try {
      for (String v : new String[] {"mqttv31", "mqttv311", "mqttv5"}) {
        Mosquitto.Result sub = Mosquitto.run(10, "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", v,
            "-t", "a/#", "-v", "-C", "1", "-W", "5");
        assertThat(sub.exitCode()).as(v + " " + sub.stderr()).isZero();
        assertThat(sub.stdout()).isEqualTo("a/retained kept\n");
      }
    } finally { // clear it: an empty retained message deletes it
      // QoS 1: mosquitto_pub exits once the broker has it, before the next subscriber connects
      Mosquitto.run(10, "mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", "a/retained", "-n", "-r", "-q", "1");
    }
    Mosquitto.Result none = Mosquitto.run(10, "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "a/#", "-v",
        "-C", "1", "-W", "1");
    assertThat(none.stdout()).isEmpty(); // timed out: nothing retained any more
    assertThat(none.exitCode()).isNotZero();
  }
}
