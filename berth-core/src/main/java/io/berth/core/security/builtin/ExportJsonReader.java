package io.berth.core.security.builtin;

import java.util.HashMap;
import java.util.Map;

/** Just enough JSON for an export: objects of strings, numbers, booleans and null; nested values skipped. */
final class ExportJsonReader {
  final String source;
  final String text;
  int pos;
  int line = 1;

  ExportJsonReader(String source, String text) {
    this.source = source;
    this.text = text;
  }

  PasswordFileException error(String problem) {
    return new PasswordFileException(source, line, "not an EMQX JSON export: " + problem);
  }

  char peek() throws PasswordFileException {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  char next() throws PasswordFileException {
    char c = peek();
    pos++;
    if (c == '\n') {
      line++;
    }
    return c;
  }

  void expect(char c) throws PasswordFileException {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  void skipBlanks() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      if (text.charAt(pos) == '\n') {
        line++;
      }
      pos++;
    }
  }

  Map<String, Object> object() throws PasswordFileException {
    expect('{');
    Map<String, Object> map = new HashMap<>();
    skipBlanks();
    if (peek() == '}') {
      next();
      return map;
    }
    while (true) {
      skipBlanks();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String key = string();
      skipBlanks();
      expect(':');
      skipBlanks();
      map.put(key, value());
      skipBlanks();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw error("expected ',' or '}' in an object");
      }
    }
  }

  Object value() throws PasswordFileException {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{') {
      object();
      return new Object();
    }
    if (c == '[') {
      next();
      skipBlanks();
      if (peek() == ']') {
        next();
        return new Object();
      }
      while (true) {
        skipBlanks();
        value();
        skipBlanks();
        char d = next();
        if (d == ']') {
          return new Object();
        }
        if (d != ',') {
          throw error("expected ',' or ']' in an array");
        }
      }
    }
    int start = pos;
    while (pos < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "null":
        return null;
      default:
        if (word.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
          return new java.math.BigDecimal(word);
        }
        throw error(word.isEmpty() ? "expected a value" : "unexpected " + word);
    }
  }

  String string() throws PasswordFileException {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("a control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9A-Fa-f]{4}")) {
            throw error("a bad \\u escape");
          }
          out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw error("a bad escape \\" + e);
      }
    }
  }
}
