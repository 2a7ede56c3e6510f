package io.berth.core.security.acl;

import io.berth.core.security.acl.ErlangTerm.Atom;
import io.berth.core.security.acl.ErlangTerm.Int;
import io.berth.core.security.acl.ErlangTerm.ListTerm;
import io.berth.core.security.acl.ErlangTerm.Str;
import io.berth.core.security.acl.ErlangTerm.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reads the subset of Erlang term syntax that acl.conf files use (as file:consult would): terms ended by '.',
 * tuples, lists, atoms (plain or 'quoted'), "strings" (with escapes, adjacent ones joined), {@code <<"binaries">>}
 * as strings, non-negative integers, and '%' comments.
 */
final class ErlangTermReader {
  private final String file;
  private final String text;
  private int pos;
  private int line = 1;

  ErlangTermReader(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /** Every top-level term of the text, in order. */
  List<ErlangTerm> readAll() throws AclFileException {
    List<ErlangTerm> terms = new ArrayList<>();
    while (skipBlanks()) {
      if (text.charAt(pos) != '{') {
        throw error(notARule());
      }
      ErlangTerm t = term();
      if (!skipBlanks() || text.charAt(pos) != '.') {
        throw error("missing '.' after the rule that starts on line " + t.line() + ", expected '.' to end it");
      }
      pos++;
      if (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '%') {
        throw error("unexpected '" + text.charAt(pos) + "' after '.', expected a new line or a space");
      }
      terms.add(t);
    }
    return terms;
  }

  /** What to say when a line does not start a rule: likely a Mosquitto file read as EMQX, or a stray word. */
  private String notARule() {
    int end = text.indexOf('\n', pos);
    String rest = text.substring(pos, end < 0 ? text.length() : end).strip();
    String shown = rest.length() <= 40 ? rest : rest.substring(0, 37) + "...";
    String word = rest.split("\\s+", 2)[0];
    String hint = word.equals("user") || word.equals("topic") || word.equals("pattern")
        ? " (this looks like a Mosquitto acl_file: set format = mosquitto)"
        : "";
    return "'" + shown + "' does not start a rule, expected {allow | deny, ...}." + hint;
  }

  private ErlangTerm term() throws AclFileException {
    if (!skipBlanks()) {
      throw error("unexpected end of file, expected a term");
    }
    int start = line;
    char c = text.charAt(pos);
    if (c == '{') {
      pos++;
      return new Tuple(items('}'), start);
    } else if (c == '[') {
      pos++;
      return new ListTerm(items(']'), start);
    } else if (c == '"') {
      StringBuilder s = new StringBuilder(quoted('"'));
      while (skipBlanks() && text.charAt(pos) == '"') {
        s.append(quoted('"')); // "a" "b" is "ab" in Erlang
      }
      return new Str(s.toString(), start);
    } else if (c == '\'') {
      return new Atom(quoted('\''), start);
    } else if (text.startsWith("<<\"", pos)) {
      pos += 2;
      String s = quoted('"');
      if (!text.startsWith(">>", pos)) {
        throw error("unterminated binary, expected '>>'");
      }
      pos += 2;
      return new Str(s, start);
    } else if (c >= '0' && c <= '9') {
      String digits = word(ErlangTermReader::isDigit);
      if (digits.length() > 18) {
        throw error("number too large: " + digits + ", expected a QoS 0, 1 or 2");
      }
      return new Int(Long.parseLong(digits), start);
    } else if (c >= 'a' && c <= 'z') {
      return new Atom(word(ErlangTermReader::isNameChar), start);
    } else if (Character.isUpperCase(c) || c == '_') {
      throw error("unexpected variable " + word(ErlangTermReader::isNameChar) + ", expected an atom such as allow"
          + " (lower case) or a \"string\"");
    }
    throw error("unexpected '" + c + "', expected a term: atom, \"string\", number, {tuple} or [list]");
  }

  /** The comma-separated items up to {@code close}, which is consumed. */
  private List<ErlangTerm> items(char close) throws AclFileException {
    List<ErlangTerm> items = new ArrayList<>();
    if (skipBlanks() && text.charAt(pos) == close) {
      pos++;
      return items;
    }
    while (true) {
      items.add(term());
      if (!skipBlanks()) {
        throw error("unexpected end of file, expected ',' or '" + close + "'");
      }
      char c = text.charAt(pos++);
      if (c == close) {
        return items;
      }
      if (c != ',') {
        pos--;
        throw error("unexpected '" + c + "', expected ',' or '" + close + "'");
      }
    }
  }

  private String word(IntPredicate part) {
    int start = pos;
    while (pos < text.length() && part.test(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Letters, digits, '_' and '@': what follows the first letter of an atom (or variable) name. */
  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '@';
  }

  private String quoted(char quote) throws AclFileException {
    int startLine = line;
    pos++;
    StringBuilder s = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return s.toString();
      } else if (c == '\\') {
        s.append(escape());
      } else {
        if (c == '\n') {
          line++;
        }
        s.append(c);
      }
    }
    throw AclFileException.at(file, startLine, "unterminated " + (quote == '"' ? "string" : "quoted atom")
        + ", expected a closing " + quote);
  }

  private char escape() throws AclFileException {
    if (pos >= text.length()) {
      throw error("unexpected end of file after '\\'");
    }
    char e = text.charAt(pos++);
    return switch (e) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case 's' -> ' ';
      case '\\', '"', '\'' -> e;
      default -> throw error("unknown escape '\\" + e + "', expected \\\\, \\\", \\', \\n, \\t, \\r or \\s");
    };
  }

  /** Skips white space and '%' comments; false at the end of the text. */
  private boolean skipBlanks() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '%') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return true;
      }
    }
    return false;
  }

  private AclFileException error(String what) {
    return AclFileException.at(file, line, what);
  }
}
