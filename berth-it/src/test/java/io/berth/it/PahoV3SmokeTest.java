package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PahoV3SmokeTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @Test
  void publishAndSubscribeAtEveryQos() throws Exception {
    MqttClient sub = new MqttClient(broker.uri(), "sub", new MemoryPersistence());
    MqttClient pub = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    sub.connect(o);
    pub.connect(o);
    BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
    sub.subscribe("a/#", 2, (t, m) -> got.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8)
        + " q" + m.getQos()));
    for (int q = 0; q <= 2; q++) {
      pub.publish("a/b", ("hi" + q).getBytes(StandardCharsets.UTF_8), q, false);
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("a/b hi" + q + " q" + q);
    }
    pub.disconnect();
    sub.disconnect();
    pub.close();
    sub.close();
  }
}
