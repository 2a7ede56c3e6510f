package io.berth.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one run, in order: printed as a two-column summary and written as one flat JSON object (numbers and
 * strings only), which {@link CompareTable} reads back.
 */
public final class Report {
  private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.eE+]+)");

  private final Map<String, Object> figures = new LinkedHashMap<>();

  public Report put(String key, Object value) {
    figures.put(key, value);
    return this;
  }

  public Object get(String key) {
    return figures.get(key);
  }

  public Map<String, Object> figures() {
    return java.util.Collections.unmodifiableMap(figures);
  }

  public void printSummary(PrintWriter out) {
    int width = figures.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      out.printf("  %-" + width + "s  %s%n", e.getKey(), format(e.getValue()));
    }
    out.flush();
  }

  public String toJson() {
    StringBuilder sb = new StringBuilder("{");
    String sep = "\n  ";
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      sb.append(sep).append('"').append(escape(e.getKey())).append("\": ");
      Object v = e.getValue();
      if (v instanceof Number n) {
        sb.append(json(n));
      } else {
        sb.append('"').append(escape(String.valueOf(v))).append('"');
      }
      sep = ",\n  ";
    }
    return sb.append("\n}\n").toString();
  }

  /** The fields of a flat JSON object as written by {@link #toJson}, values as text. */
  public static Map<String, String> parse(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      out.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
    }
    return out;
  }

  static String format(Object v) {
    if (v instanceof Double d) {
      return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }

  private static String json(Number n) {
    if (n instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "0" : String.format(Locale.ROOT, "%.3f", d);
    }
    return n.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
