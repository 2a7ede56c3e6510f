package io.berth.it;

import static io.berth.it.SecurityFixtures.connect;
import static io.berth.it.SecurityFixtures.q;
import static io.berth.it.SecurityFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.core.security.password.Scheme;
import io.berth.server.cli.BerthCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real sockets: the brute-force ban of an address (authentication_ban), flapping detection, and users imported
 * from an EMQX export logging in. Clients come from distinct 127.x addresses (all of 127/8 is loopback).
 */
class DefencesTest {
  @TempDir static Path dir;
  static Path users;
  static RunningBroker broker;

  @BeforeAll
  static void start() {
    users = SecurityFixtures.write(dir.resolve("passwd"), user("alice", Scheme.BCRYPT, "alice-pw", false));
    broker = RunningBroker.fromConfig(dir, "listeners.ws.default.enable = false\n"
        + "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "authentication = [{mechanism = password_based, user_file = " + q(users) + "}]\n"
        + "allow_anonymous = false\n"
        + "authentication_ban { enable = true, max_failures = 3, window_time = 1m, ban_time = 10m }\n"
        + "flapping_detect { enable = true, max_count = 3, window_time = 1m, ban_time = 5m }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  /** A raw client whose socket comes from {@code localAddress}. */
  static RawClient from(String localAddress) throws IOException {
    return RawClient.over(new Socket(InetAddress.getByName("127.0.0.1"), broker.port("tcp:default"),
        InetAddress.getByName(localAddress), 0));
  }

  static int login(String localAddress, String clientId, String user, String password) throws IOException {
    try (RawClient c = from(localAddress)) {
      int reason = c.connect(connect(MqttVersion.V5, clientId, user, password, MqttProperties.NONE)).reasonCode();
      if (reason == 0) {
        c.disconnect();
      }
      return reason;
    }
  }

  @Test
  void guessingPasswordsGetsTheAddressBannedWhileOthersGoOn() throws IOException {
    for (int i = 0; i < 4; i++) { // the fourth failure is one past max_failures = 3
      assertThat(login("127.0.0.33", Ids.client("guess"), "alice", "guess-" + i))
          .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
    try (RawClient c = from("127.0.0.33")) { // now refused at accept, before any CONNACK
      assertThat(c.expectClosed(Duration.ofSeconds(5))).isEmpty();
    }
    assertThat(login("127.0.0.34", Ids.client("ok"), "alice", "alice-pw")).isZero();
    assertThat(broker.server().core().defences().banList().list())
        .anySatisfy(b -> assertThat(b.value()).isEqualTo("127.0.0.33"));
  }

  @Test
  void aClientIdThatReconnectsTooOftenIsBanned() throws IOException {
    String id = Ids.client("flappy");
    for (int i = 0; i < 3; i++) {
      assertThat(login("127.0.0.35", id, "alice", "alice-pw")).isZero();
    }
    assertThat(login("127.0.0.35", id, "alice", "alice-pw")).isEqualTo(ReasonCode.BANNED);
    assertThat(login("127.0.0.35", Ids.client("steady"), "alice", "alice-pw")).isZero();
  }

  /**
   * With the default configuration a client id may reconnect as often as it likes, as a test suite's fixed ids do
   * (flapping detection is off by default, as in EMQX).
   */
  @Test
  void byDefaultAClientIdMayReconnectOftenWithoutABan(@TempDir Path own) throws IOException {
    try (RunningBroker defaults = RunningBroker.fromConfig(own, "listeners.ws.default.enable = false\n"
        + "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n")) {
      for (int i = 0; i < 40; i++) { // well past EMQX's 15 a minute
        try (RawClient c = RawClient.over(new Socket("127.0.0.1", defaults.port("tcp:default")))) {
          assertThat(c.connect(connect(MqttVersion.V5, "myclientid", null, null, MqttProperties.NONE)).reasonCode())
              .as("connection %d", i + 1).isZero();
          c.disconnect();
        }
      }
      assertThat(defaults.server().core().defences().banList().list()).isEmpty();
    }
  }

  @Test
  void usersImportedFromAnEmqxExportLogIn() throws Exception {
    String salt = "s4lt";
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(("emqx-pw" + salt).getBytes(StandardCharsets.UTF_8))); // EMQX: sha256, salt as suffix
    Path export = dir.resolve("emqx-users.csv");
    Files.writeString(export, "user_id,password_hash,salt,is_superuser\nemqx-user," + hash + "," + salt + ",false\n");
    StringWriter err = new StringWriter();
    int exit = BerthCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "passwd",
        "--import-emqx", export.toString(), "--emqx-hash", "sha256", "--salt-position", "suffix", users.toString());
    assertThat(exit).as(err.toString()).isZero();
    broker.server().reloadSecurityFiles();
    assertThat(login("127.0.0.36", Ids.client("emqx"), "emqx-user", "emqx-pw")).isZero();
    assertThat(login("127.0.0.36", Ids.client("emqx"), "alice", "alice-pw")).isZero(); // kept by the import
  }
}
