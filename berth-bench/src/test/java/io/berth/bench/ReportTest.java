package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @Test
  void jsonRoundTrips() {
    Report r = new Report().put("scenario", "fanin").put("qos", 1).put("delivered_msg_s", 123456.789)
        .put("lost", 0L).put("note", "a \"quoted\" \\ text");
    Map<String, String> back = Report.parse(r.toJson());
    assertThat(back).containsEntry("scenario", "fanin").containsEntry("qos", "1")
        .containsEntry("delivered_msg_s", "123456.789").containsEntry("lost", "0")
        .containsEntry("note", "a \"quoted\" \\ text");
  }

  @Test
  void summaryAlignsAndGroupsDigits() {
    StringWriter w = new StringWriter();
    new Report().put("delivered_msg_s", 1234567.0).put("lost", 3L).printSummary(new PrintWriter(w));
    assertThat(w.toString()).contains("delivered_msg_s  1,234,567").contains("lost             3");
  }

  @Test
  void compareTableShowsRatiosToTheFirstBroker(@TempDir Path dir) throws Exception {
    write(dir, "berth", "fanin-q0", new Report().put("delivered_msg_s", 300000.0));
    write(dir, "mosquitto", "fanin-q0", new Report().put("delivered_msg_s", 100000.0));
    write(dir, "hivemq", "latency-q0-1", new Report().put("latency_p99_us", 800.0));
    write(dir, "hivemq", "latency-q0-2", new Report().put("latency_p99_us", 5000.0));
    write(dir, "hivemq", "latency-q0-3", new Report().put("latency_p99_us", 300.0));
    write(dir, "berth", "latency-q0-1", new Report().put("latency_p99_us", 200.0));
    write(dir, "berth", "latency-q0-2", new Report().put("latency_p99_us", 400.0));
    String table = CompareTable.table(dir, List.of("berth", "mosquitto", "hivemq"));
    assertThat(table.lines().findFirst().orElseThrow())
        .isEqualTo("| figure | berth | mosquitto | hivemq | berth ÷ mosquitto | berth ÷ hivemq |");
    assertThat(table).contains("| fanin QoS 0 delivered msg/s | 300,000 | 100,000 | – | 3.00× | – |");
    // the median of each broker's interleaved runs: 800 of {300, 800, 5000}; 300 of {200, 400}
    assertThat(table).contains("| latency 10k/s p99 µs, median of runs ↓ | 300 | – | 800 | – | 0.38× |");
  }

  private static void write(Path dir, String broker, String name, Report r) throws Exception {
    Files.createDirectories(dir.resolve(broker));
    Files.writeString(dir.resolve(broker).resolve(name + ".json"), r.toJson());
  }
}
