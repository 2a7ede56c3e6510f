package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT.js (npm mqtt@5.16.0, under node) publishes and subscribes in MQTT 3.1, 3.1.1 and 5. */
class MqttJsTest {
  private static final Path DIR = Path.of("src", "test", "node");
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @Test
  void mqttJsSpeaksEveryVersionAtEveryQos() throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/mqtt"))) {
      throw new AssertionError("MQTT.js is not installed: run bin/test, or"
          + " 'npm ci --prefix berth-it/src/test/node' (needs node and npm: apt-get install -y nodejs npm)");
    }
    Process p = startNode();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines()).containsExactly(
        "v3 js/q0 hello0 q0", "v3 js/q1 hello1 q1", "v3 js/q2 hello2 q2",
        "v4 js/q0 hello0 q0", "v4 js/q1 hello1 q1", "v4 js/q2 hello2 q2",
        "v5 js/q0 hello0 q0 {\"k\":\"v\"}", "v5 js/q1 hello1 q1 {\"k\":\"v\"}", "v5 js/q2 hello2 q2 {\"k\":\"v\"}");
  }

  private static Process startNode() throws IOException {
    try {
      return new ProcessBuilder("node", "mqttjs-check.js", String.valueOf(broker.port()))
          .directory(DIR.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("node is not installed: apt-get install -y nodejs npm", e);
    }
  }
}
