package io.berth.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown table of bench/compare.sh: {@code java -cp berth.jar io.berth.bench.CompareTable DIR BROKER...} reads
 * {@code DIR/<broker>/<case>.json} (the JSON of {@code berth bench --json}) and prints one row per figure, one column
 * per broker, then the first broker's ratio to each of the others. A missing figure is shown as "–". A case ending
 * in {@code *} stands for every case with that prefix (the interleaved latency runs): the row shows their median.
 */
public final class CompareTable {
  /** case, JSON field, label; "↓" marks figures where lower is better. */
  static final String[][] ROWS = {
    {"fanin-q0", "delivered_msg_s", "fanin QoS 0 delivered msg/s"},
    {"fanin-q1", "delivered_msg_s", "fanin QoS 1 delivered msg/s"},
    {"fanout-q0", "delivered_msg_s", "fanout QoS 0 delivered msg/s"},
    {"fanout-q1", "delivered_msg_s", "fanout QoS 1 delivered msg/s"},
    {"p2p-q0", "delivered_msg_s", "p2p QoS 0 delivered msg/s"},
    {"p2p-q1", "delivered_msg_s", "p2p QoS 1 delivered msg/s"},
    {"fanin-q1", "lost", "fanin QoS 1 lost ↓"},
    {"fanout-q1", "lost", "fanout QoS 1 lost ↓"},
    {"p2p-q1", "lost", "p2p QoS 1 lost ↓"},
    {"fanin-q0", "delivered_per_broker_cpu_s", "fanin QoS 0 msg per broker CPU-s"},
    {"fanout-q0", "delivered_per_broker_cpu_s", "fanout QoS 0 msg per broker CPU-s"},
    {"p2p-q0", "delivered_per_broker_cpu_s", "p2p QoS 0 msg per broker CPU-s"},
    {"latency-q0-*", "latency_p50_us", "latency 10k/s p50 µs, median of runs ↓"},
    {"latency-q0-*", "latency_p99_us", "latency 10k/s p99 µs, median of runs ↓"},
    {"latency-q0-*", "latency_p999_us", "latency 10k/s p99.9 µs, median of runs ↓"},
    {"latency-q0-*", "latency_max_us", "latency 10k/s max µs, median of runs ↓"},
    {"conn", "connected", "conn: connections held"},
    {"conn-rate", "conn_per_s", "conn: connections/s (second run)"},
    {"conn-rate", "conn_per_broker_cpu_s", "conn: connections per broker CPU-s (second run)"},
    {"conn", "connack_p99_us", "conn: CONNACK p99 µs ↓"},
    {"conn", "rss_per_conn_bytes", "conn: broker RSS bytes per idle connection ↓"},
    {"flood-q0", "published_msg_s", "flood: published msg/s"},
    {"flood-q0", "slow_received_total", "flood: slow subscriber received"},
    {"flood-q0", "probe_p99_us", "flood: probe p99 µs ↓"},
    {"flood-q0", "probe_max_us", "flood: probe max µs ↓"},
    {"flood-q0", "broker_rss_max_mb", "flood: broker RSS max MB ↓"},
  };

  /** Rows of {@code compare.sh --suite durable}: QoS 1 to persistent sessions. */
  static final String[][] DURABLE_ROWS = {
    {"fanin-q1-persistent", "delivered_msg_s", "fanin QoS 1 persistent delivered msg/s"},
    {"fanout-q1-persistent", "delivered_msg_s", "fanout QoS 1 persistent delivered msg/s"},
    {"fanin-q1-persistent", "delivered_per_broker_cpu_s", "fanin QoS 1 persistent msg per broker CPU-s"},
    {"fanout-q1-persistent", "delivered_per_broker_cpu_s", "fanout QoS 1 persistent msg per broker CPU-s"},
    {"fanin-q1-persistent", "broker_cpu_pct", "fanin QoS 1 persistent broker CPU %"},
    {"fanout-q1-persistent", "broker_cpu_pct", "fanout QoS 1 persistent broker CPU %"},
    {"fanin-q1-persistent", "latency_p50_us", "fanin QoS 1 persistent p50 µs ↓"},
    {"fanout-q1-persistent", "latency_p50_us", "fanout QoS 1 persistent p50 µs ↓"},
    {"fanin-q1-persistent", "lost", "fanin QoS 1 persistent lost ↓"},
    {"fanout-q1-persistent", "lost", "fanout QoS 1 persistent lost ↓"},
  };

  private CompareTable() {}

  public static void main(String[] args) throws IOException {
    boolean durable = args.length > 0 && args[0].equals("--durable");
    int first = durable ? 1 : 0;
    if (args.length < first + 2) {
      System.err.println("usage: CompareTable [--durable] DIR BROKER [BROKER...]   (reads DIR/BROKER/CASE.json)");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(table(Path.of(args[first]), List.of(args).subList(first + 1, args.length),
        durable ? DURABLE_ROWS : ROWS));
  }

  static String table(Path dir, List<String> brokers) throws IOException {
    return table(dir, brokers, ROWS);
  }

  static String table(Path dir, List<String> brokers, String[][] rows) throws IOException {
    List<Map<String, Map<String, String>>> data = new ArrayList<>();
    for (String b : brokers) {
      data.add(load(dir.resolve(b)));
    }
    StringBuilder sb = new StringBuilder("| figure |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String b : brokers) {
      sb.append(' ').append(b).append(" |");
      rule.append("---:|");
    }
    for (int i = 1; i < brokers.size(); i++) {
      sb.append(' ').append(brokers.get(0)).append(" ÷ ").append(brokers.get(i)).append(" |");
      rule.append("---:|");
    }
    sb.append('\n').append(rule).append('\n');
    for (String[] row : rows) {
      Double[] v = new Double[brokers.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = value(data.get(i), row[0], row[1]);
      }
      sb.append("| ").append(row[2]).append(" |");
      for (Double d : v) {
        sb.append(' ').append(d == null ? "–" : number(d)).append(" |");
      }
      for (int i = 1; i < v.length; i++) {
        sb.append(' ').append(ratio(v[0], v[i])).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static Map<String, Map<String, String>> load(Path dir) throws IOException {
    Map<String, Map<String, String>> cases = new java.util.HashMap<>();
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (name.endsWith(".json")) {
            cases.put(name.substring(0, name.length() - 5), Report.parse(Files.readString(f)));
          }
        }
      }
    }
    return cases;
  }

  private static Double value(Map<String, Map<String, String>> cases, String c, String field) {
    if (c.endsWith("*")) {
      String prefix = c.substring(0, c.length() - 1);
      double[] all = cases.keySet().stream().filter(k -> k.startsWith(prefix))
          .map(k -> value(cases, k, field)).filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
      return all.length == 0 ? null : median(all);
    }
    Map<String, String> m = cases.get(c);
    String s = m == null ? null : m.get(field);
    try {
      return s == null ? null : Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The middle value of sorted values (the mean of the two middle ones for an even count). */
  static double median(double[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static String number(double d) {
    return Math.abs(d) >= 100 || d == Math.rint(d) ? String.format(Locale.ROOT, "%,.0f", d)
        : String.format(Locale.ROOT, "%.1f", d);
  }

  static String ratio(Double a, Double b) {
    if (a == null || b == null || b == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }
}
