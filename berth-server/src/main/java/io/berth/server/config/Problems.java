package io.berth.server.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.Map;

/**
 * Builds the one-line error messages: {@code <where>: <key> = <value>: <what is allowed>}. "Where" is
 * {@code file:line} for the user's file, the variable's name for an environment override, or reference.conf for a
 * default. A value that came from an EMQX 4 line is shown as the operator wrote it, under its EMQX 4 key.
 */
final class Problems {
  private final Map<Integer, Emqx4Lines.Line> emqx4ByLine;

  Problems(Map<Integer, Emqx4Lines.Line> emqx4ByLine) {
    this.emqx4ByLine = Map.copyOf(emqx4ByLine);
  }

  /** The bad value {@code value} of {@code key}: reason says what is allowed. */
  ConfigException at(ConfigValue value, String key, String reason) {
    Emqx4Lines.Line legacy = legacyLine(value.origin());
    if (legacy != null) {
      return new ConfigException(
          where(value.origin()) + ": " + legacy.key() + " = " + legacy.rawValue() + ": " + reason);
    }
    return new ConfigException(where(value.origin()) + ": " + key + " = " + render(value) + ": " + reason);
  }

  /** A problem with a key as a whole (unknown, unsupported, missing part), not with its value. */
  ConfigException atKey(ConfigOrigin origin, String key, String reason) {
    Emqx4Lines.Line legacy = legacyLine(origin);
    return new ConfigException(where(origin) + ": " + (legacy != null ? legacy.key() : key) + ": " + reason);
  }

  /** How a message names where a value came from. */
  String where(ConfigOrigin origin) {
    String desc = origin.description();
    int line = origin.lineNumber();
    if (origin.resource() != null) {
      return origin.resource() + (line >= 0 ? ":" + line : "");
    }
    if (line >= 0) {
      // Typesafe appends ": <line>" to the description we gave the parser; we want the compiler-style file:line.
      String suffix = ": " + line;
      String file = desc.endsWith(suffix) ? desc.substring(0, desc.length() - suffix.length()) : desc;
      return file + ":" + line;
    }
    return desc;
  }

  /** The value as the user wrote it, from an EMQX 4 line, or in HOCON's concise form ("text", 12, true). */
  String shown(ConfigValue value) {
    Emqx4Lines.Line legacy = legacyLine(value.origin());
    return legacy != null ? legacy.rawValue() : render(value);
  }

  /** The key as the user wrote it: an EMQX 4 key for a value from an EMQX 4 line. */
  String keyShown(ConfigOrigin origin, String key) {
    Emqx4Lines.Line legacy = legacyLine(origin);
    return legacy != null ? legacy.key() : key;
  }

  private Emqx4Lines.Line legacyLine(ConfigOrigin origin) {
    // Only the user's file has line numbers and no resource, and its EMQX 4 lines are blanked out of the HOCON
    // text, so a line number in the map can only be that EMQX 4 line.
    return origin.resource() == null && origin.lineNumber() >= 0 ? emqx4ByLine.get(origin.lineNumber()) : null;
  }

  static String render(ConfigValue value) {
    return value.render(ConfigRenderOptions.concise());
  }
}
