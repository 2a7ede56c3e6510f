package io.berth.core.security.acl;

import io.berth.core.security.ClientIdentity;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule topic with placeholders filled from the client: {@code ${clientid}}, {@code ${username}},
 * {@code ${cert_common_name}} (or EMQX's {@code ${cn}}), {@code ${peerhost}}, {@code ${client_attrs.NAME}}, and the
 * EMQX 4 / Mosquitto {@code %c} (client id) and {@code %u} (user name).
 */
final class TopicTemplate {
  static final String PLACEHOLDERS =
      "${clientid}, ${username}, ${cert_common_name}, ${cn}, ${peerhost}, ${client_attrs.NAME}";

  private enum Var {
    CLIENTID,
    USERNAME,
    CERT_COMMON_NAME,
    PEERHOST,
    CLIENT_ATTR
  }

  /** A literal piece (var == null) or a placeholder. */
  private record Part(String literal, Var var, String attribute) {}

  private final String text;
  private final List<Part> parts;

  private TopicTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * @param braces whether {@code ${...}} placeholders are read (EMQX), else they are literal text
   * @throws IllegalArgumentException with what is wrong, for an unknown or unterminated placeholder
   */
  static TopicTemplate parse(String text, boolean braces) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%' && i + 1 < text.length() && (text.charAt(i + 1) == 'c' || text.charAt(i + 1) == 'u')) {
        flush(literal, parts);
        parts.add(new Part(null, text.charAt(i + 1) == 'c' ? Var.CLIENTID : Var.USERNAME, null));
        i += 2;
      } else if (braces && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated placeholder in '" + text + "'");
        }
        flush(literal, parts);
        parts.add(placeholder(text.substring(i + 2, close).strip()));
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    flush(literal, parts);
    return new TopicTemplate(text, parts);
  }

  private static Part placeholder(String name) {
    return switch (name) {
      case "clientid" -> new Part(null, Var.CLIENTID, null);
      case "username" -> new Part(null, Var.USERNAME, null);
      case "cert_common_name", "cn" -> new Part(null, Var.CERT_COMMON_NAME, null);
      case "peerhost" -> new Part(null, Var.PEERHOST, null);
      default -> {
        String attribute = name.startsWith("client_attrs.") ? name.substring("client_attrs.".length()) : "";
        if (attribute.isEmpty()) {
          throw new IllegalArgumentException("unknown placeholder ${" + name + "}");
        }
        yield new Part(null, Var.CLIENT_ATTR, attribute);
      }
    };
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null, null));
      literal.setLength(0);
    }
  }

  boolean isConstant() {
    return parts.stream().allMatch(p -> p.var == null);
  }

  String text() {
    return text;
  }

  /** The template with every placeholder replaced by "x": the shape to validate as a topic filter. */
  String sample() {
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      b.append(p.var == null ? p.literal : "x");
    }
    return b.toString();
  }

  /**
   * The filter for this client, or null when a value is missing or empty (no user name: the rule never matches, as
   * EMQX's strict rendering) or holds a wildcard ('+', '#'), which would widen the rule (Mosquitto refuses such
   * client ids and user names too).
   */
  String render(ClientIdentity client) {
    StringBuilder b = new StringBuilder(text.length() + 32);
    for (Part p : parts) {
      if (p.var == null) {
        b.append(p.literal);
        continue;
      }
      String v = value(p, client);
      if (v == null || v.isEmpty() || v.indexOf('+') >= 0 || v.indexOf('#') >= 0) {
        return null;
      }
      b.append(v);
    }
    return b.toString();
  }

  private static String value(Part p, ClientIdentity c) {
    return switch (p.var) {
      case CLIENTID -> c.clientId();
      case USERNAME -> c.username();
      case CERT_COMMON_NAME -> c.certCommonName();
      case PEERHOST -> c.peerHost();
      case CLIENT_ATTR -> c.attributes().get(p.attribute);
    };
  }
}
