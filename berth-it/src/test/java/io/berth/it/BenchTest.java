package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.bench.BenchCommand;
import io.berth.bench.Report;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code berth bench} against a running Berth: each scenario briefly, its figures read back from --json. */
class BenchTest {
  @RegisterExtension static final BrokerExtension broker = BrokerExtension.with(s -> { });
  @TempDir Path dir;

  private Map<String, String> bench(String... args) throws IOException {
    Path json = dir.resolve("bench.json");
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-p", String.valueOf(broker.port()), "--duration", "1", "--json", json.toString()));
    StringWriter out = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute(all.toArray(String[]::new));
    assertThat(code).as(out.toString()).isZero();
    return Report.parse(Files.readString(json));
  }

  private static double figure(Map<String, String> report, String key) {
    assertThat(report).containsKey(key);
    return Double.parseDouble(report.get(key));
  }

  @Test
  void fanInAtQos1DeliversEveryMessageOnce() throws IOException {
    Map<String, String> r = bench("fanin", "--qos", "1", "--warmup", "0");
    assertThat(figure(r, "delivered")).isPositive();
    assertThat(figure(r, "lost")).isZero();
    assertThat(figure(r, "duplicates")).isZero();
  }

  @Test
  void latencyBusyPollsAndTimesEveryMessage() throws IOException {
    Map<String, String> r = bench("latency", "--rate", "2000", "--warmup", "1");
    assertThat(figure(r, "latency_samples")).isGreaterThan(1000);
    assertThat(figure(r, "latency_p50_us")).isPositive().isLessThanOrEqualTo(figure(r, "latency_p99_us"));
    assertThat(figure(r, "lost")).isZero();
  }

  @Test
  void latencyTraceHoldsEachMeasuredMessageInOrderOfArrival() throws IOException {
    Path trace = dir.resolve("trace.bin");
    Map<String, String> r = bench("latency", "--rate", "2000", "--warmup", "1", "--trace", trace.toString());
    long traced = (long) figure(r, "traced_messages");
    assertThat(traced).isEqualTo((long) figure(r, "latency_samples"));
    assertThat(figure(r, "trace_dropped")).isZero();
    assertThat(Files.size(trace)).isEqualTo(16 * traced);
    try (DataInputStream in = new DataInputStream(Files.newInputStream(trace))) {
      long lastReceived = Long.MIN_VALUE;
      for (long i = 0; i < traced; i++) {
        long sent = in.readLong();
        long received = in.readLong();
        assertThat(received).isGreaterThan(sent).isGreaterThanOrEqualTo(lastReceived);
        lastReceived = received;
      }
    }
  }

  @Test
  void traceNeedsAFixedRate() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute("fanin", "-p", String.valueOf(broker.port()), "--duration", "1", "--trace",
            dir.resolve("t.bin").toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("--trace needs a fixed rate");
  }

  @Test
  void connOpensEveryConnectionFromTheLoopbackSources() throws IOException {
    Map<String, String> r = bench("conn", "--clients", "400", "--warmup", "0");
    assertThat(figure(r, "connected")).isEqualTo(400);
    assertThat(figure(r, "failed")).isZero();
    assertThat(figure(r, "conn_per_s")).isPositive();
  }

  @Test
  void floodsSlowSubscriberReadsOnlyItsQuota() throws IOException {
    Map<String, String> r = bench("flood", "--clients", "2");
    assertThat(figure(r, "published")).isPositive();
    // 4 KB every 100 ms for about a second: a few hundred messages of ~90 bytes, however fast the flood
    assertThat(figure(r, "slow_received_during")).isLessThan(3_000);
    assertThat(figure(r, "probe_lost")).isZero();
    assertThat(r.get("probe_priority")).isNotBlank();
  }

  @Test
  void connFromNamedSourceAddresses() throws IOException {
    Map<String, String> r = bench("conn", "--clients", "50", "--warmup", "0", "--ifaddr", "127.0.0.7,127.0.0.8");
    assertThat(figure(r, "connected")).isEqualTo(50);
  }
}
