package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bans outlive kill -9: in the durable store with durability on, in {@code node.data_dir/banned.txt} without it. A
 * client id that flaps gets banned by the flapping detector, the broker is killed with SIGKILL, and the restarted
 * broker still refuses that client id (3.1.1 CONNACK 0x05) while others connect.
 */
class BanRestartTest {
  private static final int NOT_AUTHORIZED = 0x05;

  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {"batch", "none"})
  void aFlappingBanSurvivesSigkill(String sync) throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    String conf = "node.data_dir = \"" + work.resolve("node") + "\"\n"
        + "durability.sync = " + sync + "\n"
        + "flapping_detect { enable = true, max_count = 2, window_time = 1m, ban_time = 1h }\n";
    ChildBroker broker = ChildBroker.start(data, work, 1, "256m", 30, conf);
    try {
      assertThat(connect(broker, "flappy").reasonCode()).isZero();
      assertThat(connect(broker, "flappy").reasonCode()).isZero();
      assertThat(connect(broker, "flappy").reasonCode()).as("third connection in the window").isEqualTo(NOT_AUTHORIZED);
      assertThat(connect(broker, "flappy").reasonCode()).as("banned").isEqualTo(NOT_AUTHORIZED);
      // The ban thread saves it right after the ban: without durability to banned.txt (written whole and moved in),
      // watched for here; with it in the store (a synced RocksDB write), which shows nothing from outside: a wait
      if (sync.equals("none")) {
        Path saved = work.resolve("node/banned.txt");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
            .until(() -> Files.exists(saved) && Files.readString(saved).contains("flappy"));
      } else {
        Thread.sleep(3_000);
      }
    } finally {
      broker.kill();
    }
    if (sync.equals("none")) {
      assertThat(work.resolve("node/banned.txt")).content().contains("flappy");
      assertThat(data).isEmptyDirectory(); // no store without durability
    } else {
      assertThat(work.resolve("node/banned.txt")).as("in the store, not the file").doesNotExist();
    }
    ChildBroker again = ChildBroker.start(data, work, 2, "256m", 30, conf);
    try {
      assertThat(connect(again, "flappy").reasonCode()).as("still banned after kill -9").isEqualTo(NOT_AUTHORIZED);
      assertThat(connect(again, "steady").reasonCode()).isZero();
    } finally {
      again.stop();
    }
  }

  /** The flapping window itself is kept (saved every 5 s): a restart gives a flapping client no fresh count. */
  @org.junit.jupiter.api.Test
  void theFlappingCountSurvivesSigkill() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    String conf = "node.data_dir = \"" + work.resolve("node") + "\"\n"
        + "flapping_detect { enable = true, max_count = 2, window_time = 5m, ban_time = 1h }\n";
    ChildBroker broker = ChildBroker.start(data, work, 1, "256m", 30, conf);
    try {
      assertThat(connect(broker, "flappy").reasonCode()).isZero();
      assertThat(connect(broker, "flappy").reasonCode()).isZero();
      // The counts are saved every 5 s (from the broker's start), so a save comes within 5 s of the second
      // connection; 11 s (two periods) leaves that save seconds to finish. The store shows nothing from outside to
      // wait for instead.
      Thread.sleep(11_000);
    } finally {
      broker.kill();
    }
    ChildBroker again = ChildBroker.start(data, work, 2, "256m", 30, conf);
    try {
      assertThat(connect(again, "flappy").reasonCode()).as("third connection in the window, across the restart")
          .isEqualTo(NOT_AUTHORIZED);
      assertThat(connect(again, "steady").reasonCode()).isZero();
    } finally {
      again.stop();
    }
  }

  private static Connack connect(ChildBroker broker, String clientId) throws Exception {
    try (RawClient c = RawClient.over(new Socket("127.0.0.1", broker.port()))) {
      return c.connect(MqttVersion.V3_1_1, clientId, true, 60);
    }
  }
}
