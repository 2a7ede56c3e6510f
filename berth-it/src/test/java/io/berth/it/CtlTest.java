package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.BrokerService;
import io.berth.server.cli.BerthCli;
import io.berth.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth ctl} end to end: the command line, the management API over HTTP (found in the broker's configuration,
 * with the key the broker wrote to data/ctl.key), the broker's listener manager and configuration reload, with the
 * broker started as {@code berth start} starts it ({@link BrokerService}).
 */
class CtlTest {
  @TempDir static Path dir;
  static Path file;
  static String base;
  static BrokerService broker;

  @BeforeAll
  static void start() throws Exception {
    file = dir.resolve("berth.conf");
    // a fixed port (free a moment ago), so that berth ctl finds the API in the file as an operator's would
    base = "node.data_dir = \"" + dir.resolve("data") + "\"\nlisteners.tcp.default.bind = \"127.0.0.1:0\"\n"
        + "listeners.ws.default.enable = false\ndurability.sync = none\n"
        + "dashboard.listeners.http.bind = \"127.0.0.1:" + FreePorts.next() + "\"\n";
    Files.writeString(file, base);
    broker = BrokerService.start(ConfigLoader.load(file, Map.of()), file, Map.of());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  record Run(int exitCode, String out, String err) {}

  static Run ctl(String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "-c", file.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BerthCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static Run ok(String... args) {
    Run r = ctl(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  static Run fails(String... args) {
    Run r = ctl(args);
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    return r;
  }

  static int portIn(String line) {
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return Integer.parseInt(m.group(1));
  }

  static void mqttWorks(int port) throws Exception {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, Ids.client("ctl"), new MemoryPersistence());
    c.connect();
    c.publish(Ids.topicRoot() + "/x", new byte[] {1}, 1, false);
    c.disconnect();
    c.close();
  }

  @Test
  void listAddStopStartRestartRemove() throws Exception {
    Run list = ok("listeners", "list");
    int port = broker.server().listenerAddress("tcp:default").getPort();
    assertThat(list.out().lines().findFirst().orElseThrow())
        .matches("ID +TYPE +BIND +STATUS +CONNECTIONS +MAX +CERTIFICATE");
    assertThat(list.out()).contains("tcp:default").contains("127.0.0.1:" + port).contains("running")
        .contains("ws:default").contains("disabled");

    Run add = ok("listeners", "add", "tcp:extra", "--bind", "127.0.0.1:0", "--set", "max_connections=7");
    assertThat(add.out()).startsWith("tcp:extra added, listening on 127.0.0.1:");
    assertThat(add.out()).doesNotEndWith("127.0.0.1:0\n");
    int extra = portIn(add.out());
    mqttWorks(extra);
    assertThat(ok("listeners", "list").out().lines().filter(l -> l.startsWith("tcp:extra")).findFirst().orElseThrow())
        .matches("tcp:extra +tcp +127\\.0\\.0\\.1:" + extra + " +running +\\d+ +7 +-");

    assertThat(ok("listeners", "stop", "tcp:extra").out()).isEqualTo("tcp:extra stopped\n");
    assertThat(ok("listeners", "list").out()).containsPattern("tcp:extra +tcp +127\\.0\\.0\\.1:0 +disabled");
    assertThat(ok("listeners", "start", "tcp:extra").out()).startsWith("tcp:extra started, listening on");
    assertThat(ok("listeners", "restart", "tcp:extra").out()).startsWith("tcp:extra restarted, listening on"
        + " 127.0.0.1:");
    assertThat(ok("listeners", "update", "tcp:extra", "--set", "max_connections=9").out())
        .startsWith("tcp:extra updated, listening on 127.0.0.1:");
    assertThat(ok("listeners", "list").out()).containsPattern("tcp:extra +tcp +127\\.0\\.0\\.1:\\d+ +running +\\d+ +9 ");
    assertThat(ok("listeners", "remove", "tcp:extra").out()).isEqualTo("tcp:extra removed\n");
    assertThat(ok("listeners", "list").out()).doesNotContain("tcp:extra");
    mqttWorks(port);
  }

  @Test
  void auditReportsTheListenersAsTheyRunNow() throws Exception {
    Run before = ok("audit");
    assertThat(before.out()).contains("Exposure report", "tcp:default  127.0.0.1:", AuditReportLine.NO_HIGH);
    assertThat(before.out()).doesNotContain("tcp:open");
    ok("listeners", "add", "tcp:open", "--bind", "127.0.0.1:0", "--set", "allow_anonymous=true");
    try { // a listener added at run time is in the report, with its own authentication
      assertThat(ok("audit").out()).contains("tcp:open  127.0.0.1:", "anonymous clients allowed from anywhere");
    } finally {
      ok("listeners", "remove", "tcp:open");
    }
  }

  /** The audit's last line without a HIGH finding. */
  private static final class AuditReportLine {
    static final String NO_HIGH = io.berth.server.audit.AuditReport.NO_HIGH_FINDING;
  }

  @Test
  void refusalsExitOneWithTheBrokersMessage() throws Exception {
    assertThat(fails("listeners", "stop", "tcp:nope").err())
        .startsWith("berth: no listener tcp:nope; listeners: tcp:default");
    int port = broker.server().listenerAddress("tcp:default").getPort();
    assertThat(fails("listeners", "add", "tcp:clash", "--bind", "127.0.0.1:" + port).err())
        .startsWith("berth: listener tcp:clash: cannot bind 127.0.0.1:" + port + ": ");
    assertThat(fails("listeners", "add", "tcp:default", "--bind", "127.0.0.1:0").err())
        .isEqualTo("berth: listener tcp:default exists already\n");
    assertThat(fails("listeners", "add", "tcp:bad", "--bind", "127.0.0.1:0", "--set", "max_connections=0").err())
        .isEqualTo("berth: listeners.tcp.bad.max_connections = 0: expected an integer >= 1 or infinity\n");
    assertThat(ok("certs", "reload").out()).isEqualTo("no TLS listener is running\n");

    int closed = FreePorts.next();
    assertThat(fails("--url", "http://127.0.0.1:" + closed, "listeners", "list").err()).isEqualTo("berth: cannot"
        + " reach the management API at http://127.0.0.1:" + closed + ": connection refused — is the broker"
        + " running? is dashboard.listeners.http enabled? (--url names another address)\n");
    assertThat(ctl("listeners", "frobnicate").exitCode()).as("usage error").isEqualTo(2);
  }

  @Test
  void reloadAppliesTheFileAndRefusesABadOne() throws Exception {
    Path conf = dir.resolve("berth.conf");
    String head = base;
    Files.writeString(conf, head + "listeners.tcp.reloaded.bind = \"127.0.0.1:0\"\n");
    Run r = ok("reload");
    assertThat(r.out()).startsWith("tcp:reloaded added, listening on 127.0.0.1:");
    mqttWorks(portIn(r.out()));

    Files.writeString(conf, head + "listeners.tcp.reloaded.bind = \"127.0.0.1:0\"\nmqtt.max_inflight = 0\n");
    Run bad = fails("reload");
    assertThat(bad.err()).isEqualTo("berth: " + conf + ":" + (head.lines().count() + 2) + ": mqtt.max_inflight = 0:"
        + " expected an integer 1..65535\n");
    assertThat(ok("listeners", "list").out()).contains("tcp:reloaded");

    Files.writeString(conf, head);
    assertThat(ok("reload").out()).isEqualTo("tcp:reloaded removed (0 connections closed)\n");
    assertThat(ok("reload").out()).isEqualTo("configuration reloaded, no listener changed\n");
  }

  @Test
  void theApiIsFoundInTheConfigurationFileAndTheKeyInTheDataDirectory() throws Exception {
    Path key = dir.resolve("data/ctl.key");
    assertThat(java.nio.file.Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(key)).matches("[0-9a-f]{16}:[A-Za-z0-9_-]{43}\n");
    assertThat(ok("status").out()).contains("running", "listeners: ", "connections: ", "sessions: ",
        "subscriptions: ", "retained messages: ");
  }
}
