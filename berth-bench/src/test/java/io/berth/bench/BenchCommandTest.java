package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  private final StringWriter err = new StringWriter();

  private BenchConfig parse(String... args) {
    BenchCommand cmd = new BenchCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.config();
  }

  @Test
  void defaults() {
    BenchConfig c = parse("fanin");
    assertThat(c.scenario()).isEqualTo(Scenario.FANIN);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(1883);
    assertThat(c.qos()).isZero();
    assertThat(c.clients()).isZero();
    assertThat(c.payload()).isEqualTo(64);
    assertThat(c.durationSeconds()).isEqualTo(10);
    assertThat(c.version()).isEqualTo(MqttVersion.V3_1_1);
    assertThat(c.window()).isEqualTo(64);
    assertThat(c.warmupSeconds()).isEqualTo(1);
    assertThat(c.json()).isNull();
    assertThat(c.pid()).isNull();
    assertThat(c.threads()).isBetween(1, 4);
    assertThat(c.label()).isEqualTo("fanin-q0");
    assertThat(c.busyPoll()).isFalse();
    assertThat(c.sources()).isEmpty();
  }

  @Test
  void latencyBusyPollsAndWarmsUpLonger() {
    BenchConfig c = parse("latency");
    assertThat(c.busyPoll()).isTrue();
    assertThat(c.busyPollNanos()).isPositive();
    assertThat(c.warmupSeconds()).isEqualTo(5);
    assertThat(parse("latency", "--busy-poll", "false", "--warmup", "2").busyPollNanos()).isZero();
    assertThat(parse("latency", "--warmup", "2").warmupSeconds()).isEqualTo(2);
    assertThat(parse("fanin", "--busy-poll", "true").busyPoll()).isTrue();
  }

  @Test
  void traceIsForScenariosThatTimeMessages() {
    assertThat(parse("latency", "--trace", "t.bin").trace()).isEqualTo(Path.of("t.bin"));
    assertThat(parse("latency").trace()).isNull();
    assertThatThrownBy(() -> parse("conn", "--trace", "t.bin")).hasMessageContaining("--trace");
    assertThatThrownBy(() -> parse("flood", "--trace", "t.bin")).hasMessageContaining("--trace");
  }

  @Test
  void connToLoopbackSpreadsOverFourSourceAddresses() throws Exception {
    assertThat(parse("conn").sources()).containsExactly(InetAddress.getByName("127.0.0.1"),
        InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
        InetAddress.getByName("127.0.0.4"));
    assertThat(parse("conn", "--ifaddr", "127.0.0.9,127.0.0.10").sources()).containsExactly(
        InetAddress.getByName("127.0.0.9"), InetAddress.getByName("127.0.0.10"));
    assertThat(parse("fanin").sources()).isEmpty();
    assertThatThrownBy(() -> parse("conn", "--ifaddr", "no-such-host.invalid"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ifaddr");
  }

  @Test
  void everyOption() {
    BenchConfig c = parse("FanOut", "-h", "localhost", "-p", "11883", "--qos", "1", "--clients", "20", "--payload",
        "256", "--duration", "5s", "--rate", "1000", "--mqtt", "5", "--json", "out.json", "--pid", "4242", "--window",
        "8", "--threads", "2", "--warmup", "3s");
    assertThat(c.scenario()).isEqualTo(Scenario.FANOUT);
    assertThat(c.host()).isEqualTo("localhost");
    assertThat(c.port()).isEqualTo(11883);
    assertThat(c.qos()).isEqualTo(1);
    assertThat(c.clients()).isEqualTo(20);
    assertThat(c.payload()).isEqualTo(256);
    assertThat(c.durationSeconds()).isEqualTo(5);
    assertThat(c.rate()).isEqualTo(1000);
    assertThat(c.version()).isEqualTo(MqttVersion.V5);
    assertThat(c.json()).isEqualTo(Path.of("out.json"));
    assertThat(c.pid()).isEqualTo("4242");
    assertThat(c.window()).isEqualTo(8);
    assertThat(c.threads()).isEqualTo(2);
    assertThat(c.warmupSeconds()).isEqualTo(3);
    assertThat(c.label()).isEqualTo("fanout-q1");
    assertThat(parse("conn").label()).isEqualTo("conn");
  }

  @Test
  void subscribersAreCleanUnlessAskedForPersistentSessions() {
    assertThat(parse("fanin").session()).isEqualTo(SubscriberSession.CLEAN);
    assertThat(parse("fanin").session().persistent()).isFalse();

    BenchConfig v3 = parse("fanin", "--qos", "1", "--clean", "false");
    assertThat(v3.session().persistent()).isTrue();
    assertThat(v3.session().clean()).isFalse();
    assertThat(v3.label()).isEqualTo("fanin-q1-persistent");

    BenchConfig v5 = parse("fanout", "--mqtt", "5", "--session-expiry", "600");
    assertThat(v5.session().persistent()).isTrue();
    assertThat(v5.session().clean()).isTrue(); // a new session each run, kept after the connection
    assertThat(v5.session().connectProperties().longValue(io.berth.codec.Property.SESSION_EXPIRY_INTERVAL, 0))
        .isEqualTo(600L);
  }

  @Test
  void sessionOptionsThatCannotMakeAPersistentSessionAreRefused() {
    assertThatThrownBy(() -> parse("fanin", "--session-expiry", "60")).hasMessageContaining("--mqtt 5");
    assertThatThrownBy(() -> parse("fanin", "--mqtt", "5", "--clean", "false"))
        .hasMessageContaining("--session-expiry > 0");
    assertThatThrownBy(() -> parse("fanin", "--mqtt", "5", "--session-expiry", "-1"))
        .hasMessageContaining("--session-expiry");
  }

  @Test
  void badValuesAreRefusedWithAMessage() {
    assertThatThrownBy(() -> parse("fanin", "--qos", "2")).hasMessageContaining("--qos");
    assertThatThrownBy(() -> parse("fanin", "--payload", "10")).hasMessageContaining("--payload");
    assertThatThrownBy(() -> parse("fanin", "--duration", "0")).hasMessageContaining("--duration");
    assertThatThrownBy(() -> parse("fanin", "--pid", "self")).hasMessageContaining("--pid");
    assertThatThrownBy(() -> parse("fanin", "--warmup", "-1")).hasMessageContaining("--warmup");
    assertThatThrownBy(() -> parse("fanin", "-p", "70000")).hasMessageContaining("-p");
  }

  @Test
  void unknownScenarioAndVersionAreUsageErrors() {
    assertThat(run("storm")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown scenario 'storm'");
    assertThat(run("fanin", "--mqtt", "3.1")).isEqualTo(2);
    assertThat(err.toString()).contains("expected 3.1.1 or 5");
  }

  @Test
  void anUnknownHostIsAOneLineError() {
    assertThat(run("fanin", "-h", "no-such-host.invalid", "--duration", "1")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown host no-such-host.invalid").doesNotContain("Exception");
  }

  @Test
  void nothingListeningIsAOneLineError() {
    assertThat(run("latency", "-p", "1", "--duration", "1")).isEqualTo(1);
    assertThat(err.toString()).startsWith("berth bench: cannot connect to");
  }

  private int run(String... args) {
    CommandLine cl = new CommandLine(new BenchCommand());
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }
}
