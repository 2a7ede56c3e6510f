package io.berth.core.security.acl;

import java.util.List;
import java.util.stream.Collectors;

/** The Erlang terms an acl.conf is written in, each with the line it starts on for error messages. */
sealed interface ErlangTerm {

  int line();

  /** The term in Erlang syntax, shortened for a one-line message. */
  default String show() {
    String s = text();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  String text();

  record Atom(String name, int line) implements ErlangTerm {
    @Override
    public String text() {
      return name.matches("[a-z][A-Za-z0-9_@]*") ? name : "'" + name + "'";
    }
  }

  record Str(String value, int line) implements ErlangTerm {
    @Override
    public String text() {
      return '"' + value + '"';
    }
  }

  record Int(long value, int line) implements ErlangTerm {
    @Override
    public String text() {
      return Long.toString(value);
    }
  }

  record Tuple(List<ErlangTerm> items, int line) implements ErlangTerm {
    @Override
    public String text() {
      return items.stream().map(ErlangTerm::text).collect(Collectors.joining(", ", "{", "}"));
    }
  }

  record ListTerm(List<ErlangTerm> items, int line) implements ErlangTerm {
    @Override
    public String text() {
      return items.stream().map(ErlangTerm::text).collect(Collectors.joining(", ", "[", "]"));
    }
  }

  static boolean isAtom(ErlangTerm t, String name) {
    return t instanceof Atom a && a.name().equals(name);
  }
}
