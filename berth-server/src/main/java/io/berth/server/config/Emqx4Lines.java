package io.berth.server.config;

import com.typesafe.config.ConfigUtil;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a configuration file into its HOCON part and its EMQX 4 flat lines ({@code listener.tcp.default = 1884}).
 *
 * <p>The two cannot be parsed together: HOCON would read {@code listener.tcp.x = 1884} and then
 * {@code listener.tcp.x.max_connections = 10} as a number replaced by an object, losing the port. So the EMQX 4
 * lines are blanked out of the HOCON text, and translated into a second HOCON text in which each one sits on its
 * original line number, so that every value keeps its true line for error messages.
 */
final class Emqx4Lines {
  /** Transports Berth serves but reads only in the EMQX 5 syntax. */
  private static final List<String> LATER_TYPES = List.of("quic");

  private static final List<String> TYPES = List.of("tcp", "ssl", "ws", "wss");

  /** EMQX 4 setting suffixes and the EMQX 5 key each becomes, per listener type. */
  private static final Map<String, String> COMMON = Map.of("max_connections", "max_connections");
  private static final Map<String, String> TLS = Map.ofEntries(
      Map.entry("keyfile", "ssl_options.keyfile"),
      Map.entry("certfile", "ssl_options.certfile"),
      Map.entry("cacertfile", "ssl_options.cacertfile"),
      Map.entry("key_password", "ssl_options.password"),
      Map.entry("verify", "ssl_options.verify"),
      Map.entry("fail_if_no_peer_cert", "ssl_options.fail_if_no_peer_cert"),
      Map.entry("depth", "ssl_options.depth"),
      Map.entry("tls_versions", "ssl_options.versions"),
      Map.entry("ciphers", "ssl_options.ciphers"),
      Map.entry("handshake_timeout", "ssl_options.handshake_timeout"),
      Map.entry("peer_cert_as_username", "peer_cert_as_username"),
      Map.entry("peer_cert_as_clientid", "peer_cert_as_clientid"));
  private static final Map<String, String> WS = Map.of(
      "mqtt_path", "websocket.mqtt_path",
      "max_frame_size", "websocket.max_frame_size",
      "check_origin_enable", "websocket.check_origin_enable",
      "allowed_origins", "websocket.allowed_origins",
      "proxy_address_header", "websocket.proxy_address_header");

  private static final Pattern LINE = Pattern.compile("^\\s*(listener\\.[^\\s=]+)\\s*=(.*)$");

  /** One EMQX 4 line as written: its key and raw value are what error messages show. */
  record Line(int number, String key, String rawValue) {}

  /**
   * @param hocon the file with its EMQX 4 lines blanked
   * @param translated the EMQX 4 lines as EMQX 5 keys, each on its original line
   * @param byLine the EMQX 4 lines by line number
   */
  record Split(String hocon, String translated, Map<Integer, Line> byLine) {}

  private Emqx4Lines() {}

  static Split split(String text, String file) throws ConfigException {
    String[] lines = text.split("\r?\n", -1);
    StringBuilder hocon = new StringBuilder();
    StringBuilder translated = new StringBuilder();
    Map<Integer, Line> byLine = new TreeMap<>();
    for (int i = 0; i < lines.length; i++) {
      Matcher m = LINE.matcher(lines[i]);
      if (m.matches()) {
        Line line = new Line(i + 1, m.group(1), unquote(m.group(2).strip()));
        byLine.put(line.number(), line);
        translated.append(translate(line, file));
      } else {
        hocon.append(lines[i]);
      }
      // Same line count as the file, so that Typesafe reports the true line of an unexpected end of file.
      if (i < lines.length - 1) {
        hocon.append('\n');
        translated.append('\n');
      }
    }
    return new Split(hocon.toString(), translated.toString(), byLine);
  }

  /** listener.TYPE.NAME[.SUFFIX] = VALUE as the equivalent listeners.TYPE.NAME.KEY line. */
  private static String translate(Line line, String file) throws ConfigException {
    String where = file + ":" + line.number() + ": " + line.key() + " = " + line.rawValue() + ": ";
    String[] parts = line.key().split("\\.", 4);
    String type = parts.length > 1 ? parts[1] : "";
    if (LATER_TYPES.contains(type)) {
      throw new ConfigException(where + "EMQX 4 lines are read for " + String.join(", ", TYPES) + " only; write "
          + "listeners." + type + ".<name> { bind = \"0.0.0.0:14567\", ssl_options { ... } }");
    }
    if (!TYPES.contains(type)) {
      throw new ConfigException(where + "unknown listener type '" + type + "'" + Suggest.didYouMean(type, TYPES)
          + "; EMQX 4 lines look like listener.<tcp|ssl|ws|wss>.<name> = <port or ip:port>");
    }
    if (parts.length < 3 || parts[2].isEmpty()) {
      throw new ConfigException(where + "expected listener." + type + ".<name> = <port or ip:port>");
    }
    if (line.rawValue().isEmpty()) {
      throw new ConfigException(where + "expected a value");
    }
    String name = parts[2];
    Map<String, String> settings = settings(type);
    String key;
    if (parts.length == 3) {
      key = "bind";
    } else if (settings.containsKey(parts[3])) {
      key = settings.get(parts[3]);
    } else {
      List<String> known = settings.keySet().stream().sorted().toList();
      throw new ConfigException(where + "unknown or unsupported EMQX 4 listener setting '" + parts[3] + "'"
          + Suggest.didYouMean(parts[3], known) + " (supported for " + type + ": listener." + type + ".<name> and "
          + String.join(", ", known) + ")");
    }
    String value = line.rawValue().matches("\\d{1,9}") && !key.equals("bind")
        ? line.rawValue()
        : ConfigUtil.quoteString(line.rawValue());
    return ConfigUtil.joinPath("listeners", type, name) + "." + key + " = " + value;
  }

  private static Map<String, String> settings(String type) {
    Map<String, String> m = new TreeMap<>(COMMON);
    if (type.equals("ssl") || type.equals("wss")) {
      m.putAll(TLS);
    }
    if (type.equals("ws") || type.equals("wss")) {
      m.putAll(WS);
    }
    return m;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
