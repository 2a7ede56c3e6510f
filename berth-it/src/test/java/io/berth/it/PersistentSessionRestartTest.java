package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
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

/**
 * Persistent sessions across a broker restart on the same data directory, with real clients: the subscription and
 * the messages queued while the client was away come back.
 */
class PersistentSessionRestartTest {
  @TempDir Path dataDir;

  private static MqttClient paho(RunningBroker broker, String id, boolean clean) throws Exception {
    MqttClient c = new MqttClient(broker.uri(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(clean);
    o.setAutomaticReconnect(false);
    c.connect(o);
    return c;
  }

  private static void publish(RunningBroker broker, String topic, int qos, String... payloads) throws Exception {
    MqttClient pub = paho(broker, Ids.client("pub"), true);
    for (String p : payloads) {
      MqttMessage m = new MqttMessage(p.getBytes(StandardCharsets.UTF_8));
      m.setQos(qos);
      pub.publish(topic, m); // returns on PUBACK: the broker has it on disk for the offline session
    }
    pub.disconnect();
    pub.close();
  }

  @Test
  void mqtt311CleanSession0GetsWhatWasQueuedBeforeTheRestart() throws Exception {
    String id = Ids.client("durable-sub");
    String topic = Ids.topicRoot() + "/q";
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      MqttClient sub = paho(broker, id, false);
      sub.subscribe(topic, 1);
      sub.disconnect();
      sub.close();
      publish(broker, topic, 1, "one", "two", "three");
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      MqttClient sub = resumingSubscriber(broker, id, got);
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(false);
      assertThat(sub.connectWithResult(o).getSessionPresent()).as("session present after the restart").isTrue();
      List<String> received = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        received.add(got.poll(5, TimeUnit.SECONDS));
      }
      assertThat(received).containsExactly("one", "two", "three");
      // the subscription itself came back too: a message published now arrives
      publish(broker, topic, 1, "after");
      assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("after");
      sub.disconnect();
      sub.close();
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) { // acknowledged ones are not sent again
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      MqttClient sub = resumingSubscriber(broker, id, got);
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(false);
      sub.connect(o);
      assertThat(got.poll(500, TimeUnit.MILLISECONDS)).isNull();
      sub.disconnect();
      sub.close();
    }
  }

  @Test
  void mqtt5SessionExpiryKeepsTheSessionAndCleanStartDropsIt() throws Exception {
    String id = Ids.client("v5-sub");
    String topic = Ids.topicRoot() + "/v5";
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      Mqtt5BlockingClient sub = hivemq(broker, id);
      sub.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
      sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
      sub.disconnect();
      publish(broker, topic, 1, "v5-one");
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      Mqtt5BlockingClient sub = hivemq(broker, id);
      try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
        assertThat(sub.connectWith().cleanStart(false).sessionExpiryInterval(600).send().isSessionPresent()).isTrue();
        Mqtt5Publish p = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("v5-one");
      }
      sub.disconnect();
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      Mqtt5BlockingClient sub = hivemq(broker, id);
      assertThat(sub.connectWith().cleanStart(true).send().isSessionPresent()).isFalse();
      sub.disconnect(); // expiry 0: the session ends, and leaves the store
    }
    try (RunningBroker broker = RunningBroker.durable(dataDir)) {
      assertThat(broker.server().core().sessions().get(id)).isNull();
    }
  }

  private static Mqtt5BlockingClient hivemq(RunningBroker broker, String id) {
    return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
  }

  /** A Paho client for {@code id} whose messages' payloads land in {@code got} (not connected yet). */
  private static MqttClient resumingSubscriber(RunningBroker broker, String id, BlockingQueue<String> got)
      throws Exception {
    MqttClient sub = new MqttClient(broker.uri(), id, new MemoryPersistence());
    sub.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String t, MqttMessage m) {
        got.add(new String(m.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
    });
    return sub;
  }
}
