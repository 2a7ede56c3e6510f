package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The tables {@code berth ctl} prints, made from the API's JSON: one column list per kind of thing. */
final class Tables {
  private Tables() {}

  static List<String> listeners(JsonNode list) {
    List<String[]> rows = new ArrayList<>();
    for (JsonNode l : list) {
      rows.add(new String[] {l.path("id").asText(), l.path("type").asText(), l.path("bind").asText(),
          l.path("running").asBoolean() ? "running" : l.path("enabled").asBoolean() ? "stopped" : "disabled",
          l.path("current_connections").asText(), l.path("max_connections").asText(), certificate(l)});
    }
    return TextTable.render(new String[] {"ID", "TYPE", "BIND", "STATUS", "CONNECTIONS", "MAX", "CERTIFICATE"},
        rows);
  }

  private static String certificate(JsonNode l) {
    JsonNode c = l.path("certificate");
    return c.isMissingNode() || c.isNull() ? "-" : c.path("subject").asText() + " (serial "
        + c.path("serial").asText() + ", expires " + c.path("expires_at").asText() + ")";
  }

  /** {@code POST /api/v5/listeners/{id}/test}: each step of the check. */
  static List<String> testSteps(JsonNode result) {
    JsonNode steps = result.isArray() ? result : result.path("steps");
    List<String[]> rows = new ArrayList<>();
    for (JsonNode s : steps) {
      rows.add(new String[] {s.path("step").asText(), s.path("ok").asBoolean() ? "ok" : "FAILED",
          s.path("millis").asText(), oneLine(s.path("detail").asText())});
    }
    List<String> lines = new ArrayList<>(TextTable.render(new String[] {"STEP", "OK", "MILLIS", "DETAIL"}, rows));
    if (result.hasNonNull("error")) {
      lines.add("error: " + oneLine(result.get("error").asText()));
    }
    return lines;
  }

  static List<String> bans(JsonNode page) {
    JsonNode data = page.path("data");
    if (data.isEmpty()) {
      return List.of("no bans");
    }
    List<String[]> rows = new ArrayList<>();
    for (JsonNode b : data) {
      rows.add(new String[] {banKind(b.path("as").asText()), oneLine(b.path("who").asText()),
          "infinity".equals(b.path("until").asText()) ? "forever" : seconds(b.path("until").asText()),
          seconds(b.path("at").asText()), oneLine(b.path("by").asText()), oneLine(b.path("reason").asText())});
    }
    List<String> lines = new ArrayList<>(TextTable.render(new String[] {"KIND", "VALUE", "UNTIL", "CREATED", "BY",
        "REASON"}, rows));
    more(page, data.size(), lines);
    return lines;
  }

  /** A ban's kind in the words of {@code --as}: EMQX's "peerhost_net" is Berth's "cidr". */
  static String banKind(String as) {
    return as.equals("peerhost_net") ? "cidr" : as;
  }

  static List<String> clients(JsonNode page) {
    JsonNode data = page.path("data");
    if (data.isEmpty()) {
      return List.of("no clients");
    }
    List<String[]> rows = new ArrayList<>();
    for (JsonNode c : data) {
      rows.add(new String[] {oneLine(c.path("clientid").asText()), oneLine(c.path("username").asText("-")),
          c.path("listener").asText(), peer(c),
          c.path("proto_ver").asText(), c.path("connected").asBoolean() ? "yes" : "no",
          seconds(c.path("connected_at").asText()), c.path("keepalive").asText(),
          c.path("subscriptions_cnt").asText(), c.path("inflight_cnt").asText(), c.path("mqueue_len").asText()});
    }
    List<String> lines = new ArrayList<>(TextTable.render(new String[] {"CLIENTID", "USERNAME", "LISTENER", "PEER",
        "MQTT", "CONNECTED", "SINCE", "KEEPALIVE", "SUBS", "INFLIGHT", "QUEUED"}, rows));
    more(page, data.size(), lines);
    return lines;
  }

  static List<String> users(JsonNode page) {
    JsonNode data = page.path("data");
    if (data.isEmpty()) {
      return List.of("no users");
    }
    List<String[]> rows = new ArrayList<>();
    for (JsonNode u : data) {
      rows.add(new String[] {oneLine(u.path("user_id").asText()), u.path("is_superuser").asBoolean() ? "yes"
          : "no"});
    }
    List<String> lines = new ArrayList<>(TextTable.render(new String[] {"USER", "SUPERUSER"}, rows));
    more(page, data.size(), lines);
    return lines;
  }

  /** "10.0.0.7:51234", "[2001:db8::7]:51234", or the address alone (a Unix socket has no port). */
  private static String peer(JsonNode c) {
    String host = c.path("peerhost").asText("-");
    if (!c.path("port").isNumber()) {
      return host;
    }
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + c.path("port").asText();
  }

  /** A page shorter than the whole: say so, and how to see the rest. */
  private static void more(JsonNode page, int shown, List<String> lines) {
    long count = page.path("meta").path("count").asLong(shown);
    if (count > shown) {
      lines.add("(" + shown + " of " + count + " shown: --page and --limit show others)");
    }
  }

  /** "2026-11-29T23:30:01.120Z" as "2026-11-29T23:30:01Z": a table needs no milliseconds. */
  private static String seconds(String iso) {
    return iso.matches(".*T\\d\\d:\\d\\d:\\d\\d\\.\\d+Z") ? iso.replaceAll("\\.\\d+Z$", "Z") : iso;
  }

  /** A value with a line break would break the table. */
  private static String oneLine(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r");
  }
}
