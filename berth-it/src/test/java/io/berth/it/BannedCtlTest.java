package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttVersion;
import io.berth.server.BrokerService;
import io.berth.server.cli.BerthCli;
import io.berth.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth ctl banned add|list|remove} end to end, over the management API ({@code /api/v5/banned}) with the
 * broker as {@code berth start} runs it: bans take effect on open connections and at accept, and survive a restart.
 */
class BannedCtlTest {
  @TempDir Path dir;
  Path file;
  BrokerService broker;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("berth.conf");
    Files.writeString(file, "node.data_dir = \"" + dir.resolve("data") + "\"\n"
        + "listeners.tcp.default.bind = \"127.0.0.1:0\"\nlisteners.ws.default.enable = false\n"
        + "dashboard.listeners.http.bind = \"127.0.0.1:" + FreePorts.next() + "\"\n");
    broker = startBroker();
  }

  BrokerService startBroker() throws Exception {
    return BrokerService.start(ConfigLoader.load(file, Map.of()), file, Map.of());
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  record Run(int exitCode, String out, String err) {}

  Run ctl(String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "-c", file.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BerthCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  String ok(String... args) {
    Run r = ctl(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  RawClient connectFrom(String source, String clientId) throws Exception {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    RawClient c = RawClient.over(s);
    c.connectOk(MqttVersion.V5, clientId, true, 0);
    return c;
  }

  int port() {
    return broker.server().listenerAddress("tcp:default").getPort();
  }

  /**
   * Closed by the broker without a word within {@code within}: {@link RawClient#WAIT} where a refusal is expected, a
   * second where the connection is expected to stay open (a refusal at accept comes at once).
   */
  boolean refusedAtAccept(String source, Duration within) throws Exception {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    try (RawClient c = RawClient.over(s)) {
      return c.expectClosed(within).isEmpty();
    } catch (AssertionError stillOpen) {
      return false;
    }
  }

  @Test
  void addListRemoveRoundTrip() throws Exception {
    assertThat(ok("banned", "list")).isEqualTo("no bans\n");
    assertThat(ok("banned", "add", "--as", "clientid", "dev-17", "--duration", "1h", "--reason", "stolen key"))
        .startsWith("banned clientid dev-17 for 1h, until ");
    assertThat(ok("banned", "add", "--as", "cidr", "10.1.2.3/8")).isEqualTo(
        "banned cidr 10.0.0.0/8 until removed; its connections are closed\n");
    ok("banned", "add", "--as", "username_re", "^bot-[0-9]+$");
    String list = ok("banned", "list");
    assertThat(list.lines().toList()).hasSize(4);
    assertThat(list.lines().findFirst().orElseThrow()).startsWith("KIND").contains("VALUE", "UNTIL", "REASON");
    assertThat(list).contains("clientid     dev-17").contains("stolen key").contains("cidr         10.0.0.0/8")
        .contains("forever").contains("berth ctl").contains("^bot-[0-9]+$");
    assertThat(ok("banned", "remove", "--as", "cidr", "10.0.0.0/8")).isEqualTo(
        "removed the ban on cidr 10.0.0.0/8\n");
    assertThat(ok("banned", "list")).doesNotContain("10.0.0.0/8").contains("dev-17");
  }

  @Test
  void mistakesAreExplained() {
    Run kind = ctl("banned", "add", "--as", "ip", "10.0.0.1");
    assertThat(kind.exitCode()).isEqualTo(1);
    assertThat(kind.err()).startsWith("berth: ").contains("'ip'").contains("clientid_re or username_re");
    assertThat(ctl("banned", "add", "--as", "peerhost", "10.0.0.0/8").err()).contains("expected an IP address");
    assertThat(ctl("banned", "add", "--as", "clientid_re", "(").err()).contains("not a regular expression");
    assertThat(ctl("banned", "add", "--as", "clientid", "x", "--duration", "soon").err()).isEqualTo(
        "berth: duration 'soon': expected e.g. 90s, 30m, 1h or 7d, or forever\n");
    assertThat(ctl("banned", "remove", "--as", "clientid", "nobody").err()).contains("no ban on clientid")
        .contains("nobody");
  }

  @Test
  void banningAClientIdDisconnectsItAndAnAddressIsRefusedAtAccept() throws Exception {
    try (RawClient victim = connectFrom("127.0.0.1", "victim"); RawClient bystander = connectFrom("127.0.0.1",
        "bystander")) {
      ok("banned", "add", "--as", "clientid", "victim");
      victim.expectClosed(RawClient.WAIT);
      bystander.expectSilence(Duration.ofMillis(300)); // still connected
      try (RawClient fromDot9 = connectFrom("127.0.0.9", "dot9")) {
        ok("banned", "add", "--as", "peerhost", "127.0.0.9", "--duration", "10m");
        fromDot9.expectClosed(RawClient.WAIT);
      }
      assertThat(refusedAtAccept("127.0.0.9", RawClient.WAIT)).isTrue();
      assertThat(refusedAtAccept("127.0.0.10", Duration.ofSeconds(1))).isFalse();
      ok("banned", "remove", "--as", "peerhost", "127.0.0.9");
      assertThat(refusedAtAccept("127.0.0.9", Duration.ofSeconds(1))).isFalse();
    }
  }

  @Test
  void bansSurviveARestart() throws Exception {
    ok("banned", "add", "--as", "peerhost", "127.0.0.11", "--reason", "kept");
    ok("banned", "add", "--as", "username", "eve", "--duration", "2d");
    broker.close();
    // durability is on (the default sync = batch): the bans are in the store, not in banned.txt
    assertThat(dir.resolve("data/banned.txt")).doesNotExist();
    broker = startBroker();
    assertThat(ok("banned", "list")).contains("127.0.0.11").contains("kept").contains("eve");
    assertThat(refusedAtAccept("127.0.0.11", RawClient.WAIT)).isTrue();
    assertThat(refusedAtAccept("127.0.0.12", Duration.ofSeconds(1))).isFalse();
  }
}
