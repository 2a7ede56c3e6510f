package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.berth.server.cli.CliError;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --set KEY=VALUE} of {@code berth ctl listeners add|update} as the JSON body of the API: a dotted key is a
 * nested object ({@code ssl_options.verify=verify_peer} is {@code {"ssl_options": {"verify": "verify_peer"}}}). A
 * value starting with [, { or " is HOCON, as in berth.conf; a number or true/false is that; anything else is text.
 */
final class ListenerSettings {
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,18}\\.\\d{1,18}");

  private ListenerSettings() {}

  static ObjectNode toJson(List<String> settings) throws CliError {
    ObjectNode body = ManagementClient.JSON.createObjectNode();
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new CliError(CliError.USAGE, "--set " + s + ": expected KEY=VALUE, e.g. max_connections=1000");
      }
      String[] path = s.substring(0, eq).strip().split("\\.");
      ObjectNode at = body;
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode next = at.get(path[i]);
        at = next instanceof ObjectNode o ? o : at.putObject(path[i]);
      }
      at.set(path[path.length - 1], value(s, s.substring(eq + 1).strip()));
    }
    return body;
  }

  private static JsonNode value(String setting, String text) throws CliError {
    if (text.startsWith("[") || text.startsWith("{") || text.startsWith("\"")) {
      try {
        Object v = ConfigFactory.parseString("v = " + text).getValue("v").unwrapped();
        return ManagementClient.JSON.valueToTree(v);
      } catch (ConfigException e) {
        throw new CliError(CliError.USAGE, "--set " + setting + ": not a HOCON value ("
            + e.getMessage().replace('\n', ' ') + ")");
      }
    }
    if (INTEGER.matcher(text).matches()) {
      return ManagementClient.JSON.getNodeFactory().numberNode(Long.parseLong(text));
    }
    if (DECIMAL.matcher(text).matches()) {
      return ManagementClient.JSON.getNodeFactory().numberNode(Double.parseDouble(text));
    }
    if (text.equals("true") || text.equals("false")) {
      return ManagementClient.JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(text));
    }
    return ManagementClient.JSON.getNodeFactory().textNode(text);
  }
}
