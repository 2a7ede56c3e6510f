package io.berth.it;

import static io.berth.it.SecurityFixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flood and resource limits end to end, one listener per limit: messages_rate with rate_limit_action = pause (the
 * publisher is slowed, another client is served meanwhile) and = disconnect (0x96), bytes_rate (0x97),
 * max_connections, max_packet_size and max_subscriptions.
 */
class LimitsTest {
  @TempDir static Path dir;
  static RunningBroker broker;

  @BeforeAll
  static void start() {
    broker = RunningBroker.fromConfig(dir, "listeners.ws.default.enable = false\n"
        + "listeners.tcp.default { bind = \"127.0.0.1:0\", mqtt { messages_rate = \"10/s\","
        + " rate_limit_action = pause } }\n"
        + "listeners.tcp.msgdisc { bind = \"127.0.0.1:0\", mqtt { messages_rate = \"10/s\","
        + " rate_limit_action = disconnect } }\n"
        + "listeners.tcp.bytesdisc { bind = \"127.0.0.1:0\", mqtt { bytes_rate = \"1KB/s\","
        + " rate_limit_action = disconnect } }\n"
        + "listeners.tcp.few { bind = \"127.0.0.1:0\", max_connections = 3 }\n"
        + "listeners.tcp.small { bind = \"127.0.0.1:0\", mqtt { max_packet_size = 1024, max_subscriptions = 2 } }\n");
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static RawClient connected(String listener, MqttVersion v) {
    RawClient c = raw(broker.port(listener));
    c.connectOk(v, Ids.client("lim"), true, 60);
    return c;
  }

  static Publish publish(String topic, int qos, int id, String payload) {
    return new Publish(topic, qos, false, false, id, MqttProperties.NONE, Packets.utf8(payload));
  }

  @Test
  void overTheMessageRateAPublisherIsSlowedWhileOthersAreServed() throws Exception {
    String topic = Ids.topicRoot() + "/rate";
    try (RawClient other = connected("tcp:default", MqttVersion.V5);
        RawClient pub = connected("tcp:default", MqttVersion.V5)) {
      assertThat(other.subscribe(1, topic, 1).reasonCodes()).containsExactly(1);
      // 50 QoS 1 messages as fast as the broker takes them: 20 ahead (under the Receive Maximum of 32), then one
      // more for each PUBACK
      CompletableFuture<Long> flood = CompletableFuture.supplyAsync(() -> {
        long t0 = System.nanoTime();
        int sent = 0;
        int acked = 0;
        while (sent < 20) {
          sent++;
          pub.send(publish(topic, 1, sent, "m" + sent));
        }
        while (acked < 50) {
          MqttPacket p = pub.read(Duration.ofSeconds(15));
          assertThat(p).as("PUBACK %d", acked + 1).isInstanceOf(PubAck.class);
          acked++;
          if (sent < 50) {
            sent++;
            pub.send(publish(topic, 1, sent, "m" + sent));
          }
        }
        return (System.nanoTime() - t0) / 1_000_000;
      }, OwnThread.EXECUTOR);
      // meanwhile the other client on the same listener is served at once, again and again
      int received = 0;
      while (!flood.isDone()) {
        long t0 = System.nanoTime();
        try (RawClient ping = connected("tcp:default", MqttVersion.V3_1_1)) {
          ping.publishAndComplete(publish(Ids.topicRoot() + "/alone", 1, 1, "quick"));
          ping.disconnect();
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("a connect + QoS 1 publish of another client, ms")
            .isLessThan(3000); // the flood is held back ~4 s: under 3 s is "at once" even on a stalled machine
        // and the subscriber keeps receiving the flood as it is admitted
        MqttPacket m;
        while ((m = other.read(Duration.ofMillis(50))) instanceof Publish p) {
          other.ack(p);
          received++;
        }
      }
      long millis = flood.get(30, TimeUnit.SECONDS);
      // 10 at once (a burst of one second's worth), then 40 at 10/s: about 4 s
      assertThat(millis).as("time for 50 PUBACKs at messages_rate = 10/s, ms").isBetween(3_500L, 20_000L);
      while (received < 50) {
        other.receive();
        received++;
      }
    }
  }

  @Test
  void overTheMessageRateWithDisconnect() {
    try (RawClient c = connected("tcp:msgdisc", MqttVersion.V5)) {
      String topic = Ids.topicRoot() + "/fast";
      List<Publish> burst = new ArrayList<>();
      for (int i = 1; i <= 30; i++) {
        burst.add(publish(topic, 0, 0, "m" + i));
      }
      c.sendAll(burst); // one write: the broker disconnects at the 11th, a write after that may meet a reset
      List<MqttPacket> last = c.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x96));
    }
    try (RawClient slow = connected("tcp:msgdisc", MqttVersion.V5)) { // under the rate: served
      for (int i = 1; i <= 5; i++) {
        slow.publishAndComplete(publish(Ids.topicRoot() + "/slow", 1, i, "ok"));
      }
      slow.disconnect();
    }
  }

  @Test
  void overTheByteRateWithDisconnect() {
    try (RawClient c = connected("tcp:bytesdisc", MqttVersion.V5)) {
      c.publishAndComplete(publish(Ids.topicRoot() + "/b", 1, 1, "x".repeat(500)));
      // 500 + 1,900 bytes are over 1 KB/s (a burst of one second's worth) until ~1.4 s after the first: a stall of
      // the test between the two cannot bring them under it
      c.send(publish(Ids.topicRoot() + "/b", 1, 2, "x".repeat(1900)));
      List<MqttPacket> last = c.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x97));
    }
  }

  @Test
  void maxConnectionsRefusesBeyondItWhileTheOthersKeepWorking() throws Exception {
    int port = broker.port("tcp:few");
    List<RawClient> in = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        in.add(connected("tcp:few", MqttVersion.V5));
      }
      try (Socket fourth = new Socket("127.0.0.1", port)) {
        RawClient c = RawClient.over(fourth);
        c.send(SecurityFixtures.connect(MqttVersion.V5, Ids.client("fourth"), null, null, MqttProperties.NONE));
        assertThat(c.expectClosed(RawClient.WAIT)).as("closed at accept, no CONNACK").isEmpty();
        c.close();
      }
      String topic = Ids.topicRoot() + "/few";
      assertThat(in.get(0).subscribe(1, topic, 1).reasonCodes()).containsExactly(1);
      in.get(1).publishAndComplete(publish(topic, 1, 1, "still served"));
      assertThat(Packets.text(in.get(0).receive())).isEqualTo("still served");
      in.remove(2).disconnect();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        try (RawClient again = raw(port)) {
          assertThat(again.connect(MqttVersion.V5, Ids.client("again"), true, 60).reasonCode()).isZero();
        }
      });
    } finally {
      in.forEach(RawClient::close);
    }
  }

  @Test
  void maxPacketSizeAndMaxSubscriptions() throws IOException {
    try (RawClient c = connected("tcp:small", MqttVersion.V5)) {
      String root = Ids.topicRoot();
      assertThat(c.subscribe(1, root + "/a", 1).reasonCodes()).containsExactly(1);
      assertThat(c.subscribe(2, root + "/b", 1).reasonCodes()).containsExactly(1);
      assertThat(c.subscribe(3, MqttProperties.NONE, Subscription.of(root + "/c", 1)).reasonCodes())
          .as("a third subscription over max_subscriptions = 2").containsExactly(0x97);
      c.send(publish(root + "/a", 1, 4, "x".repeat(900))); // under the limit: acknowledged and delivered back
      assertThat(c.readExactly(2, Duration.ofMillis(100))).hasAtLeastOneElementOfType(PubAck.class)
          .hasAtLeastOneElementOfType(Publish.class);
      c.send(publish(root + "/a", 1, 5, "x".repeat(2000)));
      List<MqttPacket> last = c.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x95));
    }
    try (RawClient c3 = connected("tcp:small", MqttVersion.V3_1_1)) { // 3.1.1: closed without a packet
      c3.send(publish("big", 0, 0, "x".repeat(2000)));
      assertThat(c3.expectClosed(RawClient.WAIT)).isEmpty();
    }
  }
}
