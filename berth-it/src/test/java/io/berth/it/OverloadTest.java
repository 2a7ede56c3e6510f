package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload protection under a small heap: the broker runs as a child JVM with -Xmx96m and 48 MB of direct memory.
 * Twenty offline MQTT 5 sessions (expiring about 5 s after the flood) queue 16 KB QoS 1 messages that a publisher sends as fast as the
 * broker acknowledges them, for about 15 s. The broker must never run out of memory: it refuses new clients with
 * CONNACK 0x89 Server Busy (3.1.1: 0x03) while memory is short, and lets them in again once the sessions expired.
 */
class OverloadTest {
  static final int SUBSCRIBERS = 20;
  static final int PAYLOAD = 16 * 1024;
  /**
   * Session expiry of the offline subscribers. It counts from their DISCONNECT, before the flood: 20 s lets their
   * sessions live through the 15 s flood and expire about 5 s after it.
   */
  static final long EXPIRY_SECONDS = 20;
  @TempDir Path dir;
  ChildBroker child;

  @AfterEach
  void stopChild() throws InterruptedException {
    if (child != null) {
      child.stop();
    }
  }

  void startChild() throws Exception {
    child = ChildBroker.start(dir.resolve("data"), dir, 1, List.of("-Xmx96m", "-XX:MaxDirectMemorySize=48m"), 30,
        "mqtt { max_mqueue_len = 1000000, session_expiry_interval = 1h }\n"
            + "overload_protection { enable = true, high_watermark = 0.85, low_watermark = 0.75 }\n");
  }

  String logText() {
    return child.logText();
  }

  RawClient open() {
    try {
      Socket s = new Socket("127.0.0.1", child.port());
      return RawClient.over(s);
    } catch (IOException e) {
      throw new AssertionError("cannot connect to the child broker", e);
    }
  }

  /** The CONNACK reason of a fresh client, or -1 when the connection was closed or timed out without one. */
  int tryConnect(MqttVersion v) {
    try (RawClient c = open()) {
      c.send(SecurityFixtures.connect(v, Ids.client("probe"), null, null, MqttProperties.NONE));
      MqttPacket p = c.read(Duration.ofSeconds(5));
      if (p instanceof Connack ack) {
        if (ack.reasonCode() == 0) {
          c.send(Disconnect.NORMAL);
        }
        return ack.reasonCode();
      }
      return -1;
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void floodingOfflineSessionsNeverExhaustsMemory() throws Exception {
    startChild();
    String root = Ids.topicRoot();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      try (RawClient s = open()) {
        Connack ack = s.connect(new io.berth.codec.packet.Connect(MqttVersion.V5, root + "-sub-" + i, true, 60,
            null, null, null, MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, EXPIRY_SECONDS).build()));
        assertThat(ack.reasonCode()).isZero();
        assertThat(s.subscribe(1, root + "/" + i, 1).reasonCodes()).containsExactly(1);
        s.send(Disconnect.NORMAL); // offline: the session queues what comes
        s.expectClosed(RawClient.WAIT);
      }
    }
    Set<Integer> probeAnswers = ConcurrentHashMap.newKeySet();
    Set<Integer> v3Answers = ConcurrentHashMap.newKeySet();
    AtomicBoolean flooding = new AtomicBoolean(true);
    Thread prober = new Thread(() -> {
      while (flooding.get()) {
        int r = tryConnect(MqttVersion.V5);
        probeAnswers.add(r);
        if (r == 0x89) {
          v3Answers.add(tryConnect(MqttVersion.V3_1_1));
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "overload-prober");
    prober.start();
    long published = 0;
    byte[] payload = new byte[PAYLOAD];
    try (RawClient pub = open()) {
      pub.connectOk(MqttVersion.V5, Ids.client("flood"), true, 120);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      int inflight = 0;
      int next = 0;
      while (System.nanoTime() < end && child.isAlive()) {
        while (inflight < 30) {
          int id = next % 60000 + 1;
          pub.send(new Publish(root + "/" + (next % SUBSCRIBERS), 1, false, false, id, MqttProperties.NONE,
              Unpooled.wrappedBuffer(payload)));
          next++;
          inflight++;
        }
        MqttPacket p = pub.read(Duration.ofSeconds(2));
        if (p instanceof PubAck) {
          inflight--;
          published++;
        } else if (p != null || pub.isClosedByBroker()) {
          fail("the publisher got %s (closed: %s) after %d messages; log: %s", p, pub.isClosedByBroker(),
              published, logText());
        }
      }
      while (inflight > 0 && pub.read(Duration.ofSeconds(10)) instanceof PubAck) {
        inflight--;
        published++;
      }
    } finally {
      flooding.set(false);
      prober.join(15_000);
    }
    String text = logText();
    assertThat(child.isAlive()).as("the broker is alive after %d messages of 16 KB; log: %s", published, text)
        .isTrue();
    assertThat(text).as("the broker's log").doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemory");
    assertThat(published).as("messages acknowledged").isPositive();
    assertThat(probeAnswers).as("CONNACK reasons of new clients during the flood (%d messages); log: %s",
        published, text).contains(0x89);
    assertThat(v3Answers).as("3.1.1 clients while overloaded (0x03 Server unavailable, or let in when memory had"
        + " recovered meanwhile)").isSubsetOf(0x03, 0x00);
    assertThat(text).contains("overload:");
    // the flood is over; the sessions expire and their queues go with them
    List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
        assertThat(child.isAlive()).as("the broker process").isTrue();
        int r = tryConnect(MqttVersion.V5);
        answers.add(r);
        return r == 0;
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      fail("no client let in again within 90 s after the flood (answers %s); log: %s", answers, logText());
    }
    assertThat(child.isAlive()).isTrue();
    assertThat(logText()).doesNotContain("OutOfMemoryError");
  }
}
