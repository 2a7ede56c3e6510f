package io.berth.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, range-checked reads of one block of the configuration. Strings are accepted wherever a number or boolean
 * is expected, because environment overrides are always strings. Each failure is a {@link ConfigException} whose
 * message says what is allowed.
 */
final class Fields {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|k|m|g|kib|mib|gib)?");

  private final Config config;
  private final String prefix;
  private final Problems problems;

  /** @param prefix the block's path ("mqtt", "listeners.tcp.default"), or "" for the root */
  Fields(Config config, String prefix, Problems problems) {
    this.config = config;
    this.prefix = prefix;
    this.problems = problems;
  }

  /**
   * The value at {@code key}, walked through the objects by hand because {@code Config.getValue} throws on an
   * explicit null, which must instead be reported as a bad value.
   */
  ConfigValue value(String key) {
    ConfigValue v = config.root();
    for (String segment : ConfigUtil.splitPath(key)) {
      v = ((ConfigObject) v).get(segment);
    }
    return v;
  }

  /** The key's full path, for messages. */
  String path(String key) {
    return prefix.isEmpty() ? key : prefix + "." + ConfigUtil.joinPath(ConfigUtil.splitPath(key));
  }

  ConfigException problem(String key, String reason) {
    return problems.at(value(key), path(key), reason);
  }

  int intIn(String key, long min, long max) throws ConfigException {
    Long n = integer(value(key));
    if (n == null || n < min || n > max) {
      throw problem(key, "expected an integer " + range(min, max));
    }
    return n.intValue();
  }

  boolean bool(String key) throws ConfigException {
    ConfigValue v = value(key);
    Object raw = v.unwrapped();
    if (raw instanceof Boolean b) {
      return b;
    }
    if (v.valueType() == ConfigValueType.STRING) {
      switch (((String) raw).strip().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> {
          return true;
        }
        case "false", "no", "off" -> {
          return false;
        }
        default -> { }
      }
    }
    throw problem(key, "expected true or false");
  }

  String string(String key) throws ConfigException {
    ConfigValue v = value(key);
    if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER) {
      throw problem(key, "expected a string");
    }
    return String.valueOf(v.unwrapped());
  }

  /** A list of strings: a HOCON list, or one comma-separated string (as EMQX 4 lines and env variables write it). */
  java.util.List<String> stringList(String key) throws ConfigException {
    ConfigValue v = value(key);
    java.util.List<String> out = new java.util.ArrayList<>();
    if (v.valueType() == ConfigValueType.STRING) {
      for (String part : ((String) v.unwrapped()).split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
      return out;
    }
    if (v.valueType() == ConfigValueType.LIST) {
      for (ConfigValue item : (com.typesafe.config.ConfigList) v) {
        if (item.valueType() != ConfigValueType.STRING && item.valueType() != ConfigValueType.NUMBER) {
          throw problem(key, "expected a list of strings, e.g. [\"a\", \"b\"]");
        }
        out.add(String.valueOf(item.unwrapped()).strip());
      }
      return out;
    }
    throw problem(key, "expected a list of strings, e.g. [\"a\", \"b\"], or one comma-separated string");
  }

  /** One of {@code words} (case-insensitive), returned in lower case. */
  String word(String key, String... words) throws ConfigException {
    ConfigValue v = value(key);
    if (v.valueType() == ConfigValueType.STRING) {
      String w = ((String) v.unwrapped()).strip().toLowerCase(Locale.ROOT);
      for (String allowed : words) {
        if (allowed.equals(w)) {
          return w;
        }
      }
    }
    throw problem(key, "expected " + String.join(", ", java.util.Arrays.asList(words).subList(0, words.length - 1))
        + (words.length > 1 ? " or " : "") + words[words.length - 1]);
  }

  /** As {@link #word}, a boolean counting as the word "true" or "false" (allow_anonymous = true). */
  String wordOrBool(String key, String... words) throws ConfigException {
    ConfigValue v = value(key);
    if (v.valueType() == ConfigValueType.BOOLEAN) {
      String w = String.valueOf(v.unwrapped());
      if (java.util.Arrays.asList(words).contains(w)) {
        return w;
      }
    }
    return word(key, words);
  }

  double numberAtLeast(String key, double min) throws ConfigException {
    ConfigValue v = value(key);
    Double d = null;
    if (v.unwrapped() instanceof Number n) {
      d = n.doubleValue();
    } else if (v.valueType() == ConfigValueType.STRING) {
      try {
        d = Double.parseDouble(((String) v.unwrapped()).strip());
      } catch (NumberFormatException e) {
        d = null;
      }
    }
    if (d == null || d.isNaN() || d.isInfinite() || d < min) {
      throw problem(key, "expected a number >= " + (min == Math.rint(min) ? String.valueOf((long) min) : min));
    }
    return d;
  }

  /** A duration with a unit (15s, 500ms, 5m, 2h, 1d), in milliseconds, within min..max milliseconds. */
  long durationMillis(String key, long min, long max) throws ConfigException {
    ConfigValue v = value(key);
    Long ms = null;
    if (v.valueType() == ConfigValueType.STRING) {
      Matcher m = DURATION.matcher(((String) v.unwrapped()).strip().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        double unit = switch (m.group(2)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 86_400_000;
        };
        ms = Math.round(Double.parseDouble(m.group(1)) * unit);
      }
    }
    if (ms == null || ms < min || ms > max) {
      String unitHint = v.valueType() == ConfigValueType.NUMBER ? " (a unit is required)" : "";
      throw problem(key, "expected a duration such as 15s, 500ms, 5m or 2h" + unitHint
          + (ms == null ? "" : ", " + millisRange(min, max)));
    }
    return ms;
  }

  /** "64KB", "1mb", "512" as bytes (powers of 1024), or null when the text is not a size. */
  static Long parseBytes(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() > 12) {
      return null;
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** A size: bytes, or 64KB / 1MB / 1GB (powers of 1024), within min..max bytes. */
  long bytes(String key, long min, long max) throws ConfigException {
    ConfigValue v = value(key);
    Long n = integer(v);
    if (n == null && v.valueType() == ConfigValueType.STRING) {
      n = parseBytes((String) v.unwrapped());
    }
    if (n == null || n < min || n > max) {
      throw problem(key, "expected a size such as 64KB, 1MB or a number of bytes, " + range(min, max));
    }
    return n;
  }

  /** The value as a whole integer (a number, or a string of digits), else null. */
  static Long integer(ConfigValue v) {
    Object raw = v.unwrapped();
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d.longValue();
    }
    if (raw instanceof String s && s.strip().matches("-?\\d{1,18}")) {
      return Long.parseLong(s.strip());
    }
    return null;
  }

  static String range(long min, long max) {
    return max >= Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
  }

  private static String millisRange(long min, long max) {
    String lo = min % 1000 == 0 ? min / 1000 + "s" : min + "ms";
    return max >= Long.MAX_VALUE / 2 ? "at least " + lo : "from " + lo + " to " + (max / 1000) + "s";
  }
}
