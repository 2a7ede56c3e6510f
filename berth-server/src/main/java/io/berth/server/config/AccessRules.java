package io.berth.server.config;

import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A listener's {@code access_rules} (EMQX 5 syntax): "allow 10.0.0.0/8", "deny 192.168.1.7", "deny all", several
 * in one string separated by commas. The first rule that matches the client's address decides; an address no rule
 * matches is allowed (end with "deny all" for a list of allowed networks only). No rules: everyone is allowed.
 */
public record AccessRules(List<Rule> rules) {
  /** The allowed syntax, for error messages. */
  public static final String SYNTAX = "expected rules such as \"allow 10.0.0.0/8\", \"deny 192.168.1.7\","
      + " \"deny all\" (allow or deny, then an IPv4/IPv6 address, a CIDR or all)";

  public static final AccessRules ALLOW_ALL = new AccessRules(List.of());

  /** @param network the addresses it applies to, null for all */
  public record Rule(boolean allow, Cidr network) {
    boolean matches(InetAddress a) {
      return network == null || network.contains(a);
    }

    @Override
    public String toString() {
      return (allow ? "allow " : "deny ") + (network == null ? "all" : network.text());
    }
  }

  public AccessRules {
    rules = List.copyOf(rules);
  }

  /**
   * @param texts the configuration's strings, each one or more rules separated by commas
   * @throws IllegalArgumentException the first rule that is not one; the message quotes it and says what is allowed
   */
  public static AccessRules parse(List<String> texts) {
    List<Rule> rules = new ArrayList<>();
    for (String text : texts) {
      for (String one : text.split(",")) {
        rules.add(rule(one.strip()));
      }
    }
    return new AccessRules(rules);
  }

  private static Rule rule(String text) {
    String[] words = text.split("\\s+");
    if (words.length != 2) {
      throw new IllegalArgumentException("'" + text + "': " + SYNTAX);
    }
    boolean allow = switch (words[0].toLowerCase(Locale.ROOT)) {
      case "allow" -> true;
      case "deny" -> false;
      default -> throw new IllegalArgumentException("'" + text + "': starts with '" + words[0] + "'; " + SYNTAX);
    };
    if (words[1].equalsIgnoreCase("all")) {
      return new Rule(allow, null);
    }
    try {
      return new Rule(allow, Cidr.parse(words[1]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage() + "; " + SYNTAX);
    }
  }

  /** Whether the first matching rule allows {@code address} (or none matches). */
  public boolean allows(InetAddress address) {
    InetAddress a = Cidr.unmapped(address);
    for (Rule r : rules) {
      if (r.matches(a)) {
        return r.allow();
      }
    }
    return true;
  }

  /** The rule that refuses {@code address}, for the log; null when it is allowed. */
  public Rule refusing(InetAddress address) {
    InetAddress a = Cidr.unmapped(address);
    for (Rule r : rules) {
      if (r.matches(a)) {
        return r.allow() ? null : r;
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }
}
