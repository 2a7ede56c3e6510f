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
  /** The only transport both syntaxes share so far; the others arrive with the transports work. */
  private static final List<String> LATER_TYPES = List.of("ssl", "ws", "wss", "quic");

  private static final List<String> TCP_SUFFIXES = List.of("max_connections");

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

  /** listener.tcp.NAME[.SUFFIX] = VALUE as the equivalent listeners.tcp.NAME.KEY line. */
  private static String translate(Line line, String file) throws ConfigException {
    String where = file + ":" + line.number() + ": " + line.key() + " = " + line.rawValue() + ": ";
    String[] parts = line.key().split("\\.", 4);
    String type = parts.length > 1 ? parts[1] : "";
    if (LATER_TYPES.contains(type)) {
      throw new ConfigException(where + "listener type '" + type + "' is not supported yet (coming with the"
          + " transports work)");
    }
    if (!type.equals("tcp")) {
      throw new ConfigException(where + "unknown listener type '" + type + "'" + Suggest.didYouMean(type,
          List.of("tcp")) + "; EMQX 4 lines look like listener.tcp.<name> = <port or ip:port>");
    }
    if (parts.length < 3 || parts[2].isEmpty()) {
      throw new ConfigException(where + "expected listener.tcp.<name> = <port or ip:port>");
    }
    if (line.rawValue().isEmpty()) {
      throw new ConfigException(where + "expected a value");
    }
    String name = parts[2];
    String key;
    if (parts.length == 3) {
      key = "bind";
    } else if (TCP_SUFFIXES.contains(parts[3])) {
      key = parts[3];
    } else if (parts[3].equals("max_conn_rate")) {
      throw new ConfigException(where + "max_conn_rate is not supported yet; remove the line (supported: "
          + "listener.tcp.<name> and listener.tcp.<name>.max_connections)");
    } else {
      throw new ConfigException(where + "unknown EMQX 4 listener setting '" + parts[3] + "'"
          + Suggest.didYouMean(parts[3], TCP_SUFFIXES)
          + " (supported: listener.tcp.<name> and listener.tcp.<name>.max_connections)");
    }
    String value = line.rawValue().matches("\\d{1,9}") && !key.equals("bind")
        ? line.rawValue()
        : ConfigUtil.quoteString(line.rawValue());
    return ConfigUtil.joinPath("listeners", "tcp", name, key) + " = " + value;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
