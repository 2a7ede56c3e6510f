package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Will;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wills of persistent sessions across kill -9 [MQTT-3.1.2-8]: a will whose delay passed while the broker was down is
 * published at recovery, one whose client was connected at the crash after its delay counted from the restart, one
 * whose client comes back in time is not [MQTT-3.1.3-9], and one discarded by a normal DISCONNECT or already
 * published never comes (back) [MQTT-3.1.2-10].
 */
class WillRestartTest {
  @TempDir Path work;

  @Test
  void willsOfPersistentSessionsAreHonouredAfterSigkill() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    ChildBroker broker = ChildBroker.start(data, work, 1);
    RawClient crash;
    RawClient back;
    try {
      try (RawClient watcher = client(broker)) { // persistent, QoS 1: the wills wait for it while it is away
        watcher.connectOk(MqttVersion.V3_1_1, "watcher", false, 60);
        watcher.subscribe(1, "wills/#", 1); // SUBACK once on disk
      }
      RawClient gone = client(broker);
      gone.connect(withWill("gone", 1));
      try (RawClient normal = client(broker)) {
        normal.connect(withWill("normal", 0));
        normal.send(new Disconnect(0, MqttProperties.NONE)); // discards the will [MQTT-3.14.4-3]
      }
      crash = client(broker);
      crash.connect(withWill("crash", 1));
      back = client(broker);
      back.connect(withWill("back", 3));
      gone.kill(); // offline now: its will is due 1 s from here, while the broker is down
      Thread.sleep(300); // the writes of the connects and the disconnects reach the disk
    } finally {
      broker.kill();
    }
    crash.close();
    back.close();
    Thread.sleep(1_500);

    ChildBroker again = ChildBroker.start(data, work, 2);
    try {
      try (RawClient backAgain = client(again)) { // in time: its will is not sent [MQTT-3.1.3-9]
        assertThat(backAgain.connect(persistent("back", null)).sessionPresent()).isTrue();
        List<String> wills = new ArrayList<>();
        try (RawClient watcher = client(again)) {
          assertThat(watcher.connectOk(MqttVersion.V3_1_1, "watcher", false, 60).sessionPresent()).isTrue();
          long until = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // past every delay of the test
          while (System.nanoTime() < until) {
            MqttPacket p = watcher.read(Duration.ofMillis(200));
            if (p instanceof Publish pub) {
              wills.add(pub.topic() + "=" + pub.payload().toString(StandardCharsets.UTF_8));
              watcher.ack(pub);
            }
          }
        }
        assertThat(wills).containsExactlyInAnyOrder("wills/gone=gone died", "wills/crash=crash died");
        backAgain.send(new Disconnect(0, MqttProperties.NONE));
      }
    } finally {
      again.stop(); // graceful: the watcher's acknowledgements are on disk
    }

    ChildBroker third = ChildBroker.start(data, work, 3);
    try (RawClient watcher = client(third)) { // published wills are gone from the store [MQTT-3.1.2-10]
      watcher.connectOk(MqttVersion.V3_1_1, "watcher", false, 60);
      assertThat(watcher.read(Duration.ofMillis(1_500))).as("nothing published again").isNull();
    } finally {
      third.stop();
    }
  }

  private static RawClient client(ChildBroker broker) throws Exception {
    return RawClient.over(new Socket("127.0.0.1", broker.port()));
  }

  /** MQTT 5, session expiry 600 s, a QoS 1 will on wills/NAME with Will Delay Interval {@code delaySeconds}. */
  private static Connect withWill(String name, long delaySeconds) {
    MqttProperties willProps = MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, delaySeconds).build();
    return persistent(name, new Will("wills/" + name, (name + " died").getBytes(StandardCharsets.UTF_8), 1, false,
        willProps));
  }

  private static Connect persistent(String clientId, Will will) {
    MqttProperties props = MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, 600L).build();
    return new Connect(MqttVersion.V5, clientId, false, 60, null, null, will, props);
  }
}
