package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.core.MqttSettings;
import io.berth.server.config.ListenerConfig;
import io.berth.server.listener.ListenerException;
import io.berth.server.listener.ListenerManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listeners changed while the broker runs, with real clients: added and removed while a client on another listener
 * keeps publishing (every message counted), moved to another port, stopped (MQTT 5 clients told 0x8B) and started.
 */
class ListenerRuntimeTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();
  static ListenerManager listeners;

  @BeforeAll
  static void start() {
    listeners = broker.server().listeners();
  }

  static ListenerConfig tcp(String name, int port) {
    return tcp(name, "127.0.0.1", port);
  }

  static ListenerConfig tcp(String name, String host, int port) {
    return new ListenerConfig("tcp", name, host, port, true, 1000, MqttSettings.defaults());
  }

  static MqttClient v3(int port, String role) throws MqttException {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, Ids.client(role), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    o.setAutomaticReconnect(false);
    o.setMaxInflight(1000); // Paho counts a publish as in progress a little after its PUBACK (error 32202)
    c.connect(o);
    return c;
  }

  static int port(String id) {
    return broker.port(id);
  }

  @Test
  void aListenerAddedMovedAndRemovedLosesNoMessageOfAnotherListener() throws Exception {
    String topic = Ids.topicRoot() + "/seq";
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    MqttClient sub = v3(broker.port(), "sub");
    sub.subscribe(topic, 1, (t, m) -> got.add(Integer.parseInt(new String(m.getPayload(), StandardCharsets.UTF_8))));
    MqttClient pub = v3(broker.port(), "pub");
    AtomicBoolean publishing = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
      try {
        while (publishing.get()) { // QoS 1, each PUBACK awaited: a message the broker took is a message counted
          pub.publish(topic, String.valueOf(sent.get()).getBytes(StandardCharsets.UTF_8), 1, false);
          sent.incrementAndGet();
        }
      } catch (MqttException e) {
        throw new IllegalStateException("publisher on tcp:default failed after " + sent.get() + " messages", e);
      }
    }, OwnThread.EXECUTOR);
    await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() > 100);

    listeners.add(tcp("extra", 0));
    MqttClient side = v3(port("tcp:extra"), "side");
    List<String> sideGot = Collections.synchronizedList(new ArrayList<>());
    side.subscribe(topic, 0, (t, m) -> sideGot.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
    await().atMost(Duration.ofSeconds(10)).until(() -> sideGot.size() > 20); // routed across listeners
    InetSocketAddress before = listeners.address("tcp:extra");
    // Moved to another loopback address with a port the kernel picks as it binds: a port found free beforehand
    // (FreePorts) can be taken by any other socket on the machine before the listener binds it, and the move fails.
    listeners.update(tcp("extra", "127.0.0.2", 0)); // the new socket opens before the old one closes
    assertThat(listeners.address("tcp:extra")).isNotEqualTo(before);
    assertThat(listeners.address("tcp:extra").getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(side.isConnected()).as("a client of the moved listener stays").isTrue();
    listeners.remove("tcp:extra");
    await().atMost(Duration.ofSeconds(10)).until(() -> !side.isConnected());

    int afterRemove = sent.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() > afterRemove + 100);
    publishing.set(false);
    publisher.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= sent.get());
    assertThat(got).as("every message, in order, no gap, no duplicate")
        .containsExactlyElementsOf(IntStream.range(0, sent.get()).boxed().toList());
    assertThat(pub.isConnected()).isTrue();
    pub.disconnect();
    sub.disconnect();
    side.close();
    pub.close();
    sub.close();
  }

  @Test
  void movedListenerAcceptsOnTheNewPortOnlyAndABusyPortKeepsTheOld() throws Exception {
    listeners.add(tcp("moving", 0));
    int old = port("tcp:moving");
    int next = FreePorts.next();
    assertThat(listeners.update(tcp("moving", next))).contains("listening on 127.0.0.1:" + next);
    v3(next, "new-port").disconnect();
    assertThatThrownBy(() -> v3(old, "old-port")).isInstanceOf(MqttException.class);

    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> listeners.update(tcp("moving", busy.getLocalPort())))
          .isInstanceOf(ListenerException.class).hasMessageContaining("cannot bind 127.0.0.1:" + busy.getLocalPort());
    }
    MqttClient still = v3(next, "still");
    assertThat(still.isConnected()).isTrue();
    still.disconnect();
    still.close();
    listeners.remove("tcp:moving");
  }

  @Test
  void stopTellsMqtt5ClientsServerShuttingDownAndStartAcceptsAgain() throws Exception {
    listeners.add(tcp("side", 0));
    int side = port("tcp:side");
    MqttClient other = v3(broker.port(), "other");
    try (Paho5 v5 = new Paho5("tcp://127.0.0.1:" + side, Ids.client("v5")).connect()) {
      assertThat(listeners.stop("tcp:side")).isEqualTo("tcp:side stopped (1 connections closed)");
      var d = v5.disconnects.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.getReturnCode()).isEqualTo(0x8B);
    }
    assertThatThrownBy(() -> v3(side, "refused")).isInstanceOf(MqttException.class);
    assertThat(other.isConnected()).as("a client of another listener").isTrue();
    listeners.start("tcp:side");
    MqttClient again = v3(port("tcp:side"), "again");
    again.disconnect();
    again.close();
    other.disconnect();
    other.close();
    listeners.remove("tcp:side");
  }

}
