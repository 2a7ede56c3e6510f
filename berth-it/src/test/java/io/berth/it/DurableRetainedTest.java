package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.MqttSettings;
import io.berth.server.BrokerServer;
import io.berth.server.config.DurabilityConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retained messages on disk: they survive a restart on the same data directory; a used directory is refused. */
class DurableRetainedTest {
  @TempDir Path dataDir;

  private static MqttClient connect(RunningBroker broker, String id) throws Exception {
    MqttClient c = new MqttClient(broker.uri(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    c.connect(o);
    return c;
  }

  private static void publish(MqttClient c, String topic, String payload, int qos) throws Exception {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(qos);
    m.setRetained(true);
    c.publish(topic, m); // returns once PUBACK/PUBCOMP came: after the store had it on disk
  }

  @Test
  void retainedMessagesSurviveARestart() throws Exception {
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      MqttClient pub = connect(broker, Ids.client("rp"));
      publish(pub, "keep/a", "A", 1);
      publish(pub, "keep/b", "B", 2);
      publish(pub, "keep/c", "C", 1);
      publish(pub, "keep/c", "", 1); // cleared [MQTT-3.3.1-10]: must not come back after the restart
      pub.disconnect();
      pub.close();
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      MqttClient sub = connect(broker, Ids.client("rs"));
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      sub.subscribe("keep/#", 1, (topic, m) -> got.add(topic + "=" + new String(m.getPayload(),
          StandardCharsets.UTF_8) + (m.isRetained() ? " retained" : "")));
      List<String> first = new ArrayList<>();
      first.add(got.poll(5, TimeUnit.SECONDS));
      first.add(got.poll(5, TimeUnit.SECONDS));
      assertThat(first).containsExactlyInAnyOrder("keep/a=A retained", "keep/b=B retained");
      assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("the cleared topic stays cleared").isNull();
      sub.disconnect();
      sub.close();
    }
  }

  @Test
  void aSecondBrokerOnTheSameDirectoryIsRefusedInOneLine() {
    try (RunningBroker first = RunningBroker.durable(dataDir)) {
      assertThatThrownBy(() -> BrokerServer.start(RunningBroker.config(MqttSettings.defaults(),
          DurabilityConfig.batch(dataDir))))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("data directory " + dataDir + " is in use by another process")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void aCorruptDirectoryIsRefusedInOneLine() throws Exception {
    RunningBroker.durable(dataDir).close();
    Files.writeString(dataDir.resolve("CURRENT"), "not a manifest name");
    assertThatThrownBy(() -> BrokerServer.start(RunningBroker.config(MqttSettings.defaults(),
        DurabilityConfig.batch(dataDir))))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("data directory " + dataDir + " is corrupt");
  }
}
