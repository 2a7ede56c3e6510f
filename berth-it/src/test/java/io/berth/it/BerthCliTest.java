package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttVersion;
import io.berth.server.cli.BerthCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code berth pub} and {@code berth sub} commands, run in-process against a real broker. */
class BerthCliTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  /** One command's exit code and output. */
  record Run(int exitCode, String out, String err) {}

  /**
   * Runs {@code berth ...} on a thread of its own. Not the common fork-join pool: on a 2-core machine it has one
   * thread, and a command still waiting there from another test would keep this one from starting.
   */
  static CompletableFuture<Run> berthAsync(String... args) {
    return CompletableFuture.supplyAsync(() -> berth(args), OwnThread.EXECUTOR);
  }

  static Run berth(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BerthCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static String[] with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /**
   * Starts {@code berth sub ... -t FILTER ...} in the background with a client id of its own and returns once its
   * session has that subscription.
   */
  static CompletableFuture<Run> subscribe(String... args) {
    String id = Ids.client("cli-sub");
    String filter = args[List.of(args).indexOf("-t") + 1];
    CompletableFuture<Run> sub = berthAsync(with(List.of(args), "-i", id));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
        sub.isDone() || broker.subscriptionsOf(id).contains(filter));
    assertThat(sub).as("sub ended before subscribing").isNotDone();
    return sub;
  }

  @ParameterizedTest(name = "berth sub/pub -V {0} -q {1}")
  @CsvSource({"3.1, 0", "3.1.1, 1", "5, 2"})
  void subPrintsWhatPubSends(String version, String qos) throws Exception {
    List<String> conn = List.of("-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-V", version);
    String root = Ids.topicRoot();
    CompletableFuture<Run> sub = subscribe(with(List.of("sub"), with(conn, "-t", root + "/#", "-q", qos, "-v",
        "-C", "2", "-W", "20")));
    Run pub1 = berth(with(List.of("pub"), with(conn, "-t", root + "/b", "-m", "hello", "-q", qos)));
    assertThat(pub1.exitCode()).as(pub1.err()).isZero();
    Run pub2 = berth(with(List.of("pub"), with(conn, "-t", root + "/c/d", "-m", "wörld ✓", "-q", qos)));
    assertThat(pub2.exitCode()).as(pub2.err()).isZero();
    Run got = sub.get(20, TimeUnit.SECONDS);
    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(got.out()).isEqualTo(root + "/b hello\n" + root + "/c/d wörld ✓\n");
    assertThat(got.err()).isEmpty();
  }

  @Test
  void retainedAndPayloadOnlyOutput() {
    String topic = Ids.topicRoot() + "/kept";
    String port = String.valueOf(broker.port());
    assertThat(berth("pub", "-p", port, "-t", topic, "-m", "kept", "-r", "-q", "1").exitCode()).isZero();
    Run sub = berth("sub", "-p", port, "-t", topic, "-C", "1", "-W", "5");
    assertThat(sub.exitCode()).as(sub.err()).isZero();
    assertThat(sub.out()).isEqualTo("kept\n"); // without -v: the payload alone
    assertThat(berth("pub", "-p", port, "-t", topic, "-m", "", "-r").exitCode()).isZero(); // clear it
    // QoS 0: pub has exited when its bytes are sent, perhaps before the broker has read them
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.server().core().retained().match(topic).isEmpty());
  }

  @Test
  void interoperatesWithMosquittoAndRawClients() throws Exception {
    String root = Ids.topicRoot();
    String port = String.valueOf(broker.port());
    CompletableFuture<Run> sub = subscribe("sub", "-p", port, "-t", root + "/#", "-v", "-C", "1", "-W", "20");
    Mosquitto.Result mp = Mosquitto.run(10, "mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", root + "/m",
        "-m", "from mosquitto");
    assertThat(mp.exitCode()).as(mp.stderr()).isZero();
    assertThat(sub.get(20, TimeUnit.SECONDS).out()).isEqualTo(root + "/m from mosquitto\n");
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("rawsub"), true, 60);
      c.subscribe(1, root + "/raw", 2);
      assertThat(berth("pub", "-p", port, "-t", root + "/raw", "-m", "to raw", "-q", "2").exitCode()).isZero();
      var p = c.receive();
      assertThat(Packets.text(p)).isEqualTo("to raw");
      assertThat(p.qos()).isEqualTo(2);
    }
  }

  @Test
  void subTimesOutWithExitCode1() {
    Run r = berth("sub", "-p", String.valueOf(broker.port()), "-t", Ids.topicRoot() + "/none", "-C", "1",
        "-W", "1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("berth: ").contains("timed out").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void refusedSubscriptionIsReported() {
    Run r = berth("sub", "-p", String.valueOf(broker.port()), "-t", "a/#/b", "-W", "5");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("berth: ").contains("a/#/b");
  }

  @Test
  void noBrokerIsOneLineWithoutStackTrace() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    Run r = berth("pub", "-p", String.valueOf(free), "-t", "x", "-m", "y");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("berth: ").contains("cannot connect").doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void publishToAWildcardTopicIsRefused() {
    Run r = berth("pub", "-p", String.valueOf(broker.port()), "-V", "5", "-t", "a/+", "-m", "x", "-q", "1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("berth: ").doesNotContain("Exception");
  }
}
