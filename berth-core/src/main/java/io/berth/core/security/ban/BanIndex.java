package io.berth.core.security.ban;

import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An immutable index of bans, rebuilt on every change (rare) so that lookups (every accept, every CONNECT) take no
 * lock: exact addresses, client ids and user names in hash maps; networks and regular expressions scanned.
 */
final class BanIndex {
  static final BanIndex EMPTY = new BanIndex(List.of());

  private record Network(Cidr cidr, Ban ban) {}

  private record Regex(Pattern pattern, Ban ban) {}

  private final Map<InetAddress, Ban> addresses = new HashMap<>();
  private final Map<String, Ban> clientIds = new HashMap<>();
  private final Map<String, Ban> usernames = new HashMap<>();
  private final List<Network> networks = new ArrayList<>();
  private final List<Regex> clientIdPatterns = new ArrayList<>();
  private final List<Regex> usernamePatterns = new ArrayList<>();
  private final List<Ban> all;

  BanIndex(Collection<Ban> bans) {
    this.all = List.copyOf(bans);
    for (Ban b : bans) {
      switch (b.kind()) {
        case PEERHOST -> addresses.put(Cidr.parseAddress(b.value()), b);
        case CIDR -> networks.add(new Network(Cidr.parse(b.value()), b));
        case CLIENTID -> clientIds.put(b.value(), b);
        case USERNAME -> usernames.put(b.value(), b);
        case CLIENTID_RE -> clientIdPatterns.add(new Regex(Pattern.compile(b.value()), b));
        case USERNAME_RE -> usernamePatterns.add(new Regex(Pattern.compile(b.value()), b));
      }
    }
  }

  List<Ban> all() {
    return all;
  }

  boolean isEmpty() {
    return all.isEmpty();
  }

  /** The ban on this address or a network holding it, else null (expired ones included: the caller checks). */
  Ban address(InetAddress a) {
    Ban b = addresses.get(a);
    if (b != null) {
      return b;
    }
    for (Network n : networks) {
      if (n.cidr().contains(a)) {
        return n.ban();
      }
    }
    return null;
  }

  Ban clientId(String id) {
    Ban b = clientIds.get(id);
    return b != null ? b : find(clientIdPatterns, id);
  }

  Ban username(String name) {
    Ban b = usernames.get(name);
    return b != null ? b : find(usernamePatterns, name);
  }

  private static Ban find(List<Regex> patterns, String s) {
    for (Regex r : patterns) {
      if (r.pattern().matcher(s).find()) {
        return r.ban();
      }
    }
    return null;
  }
}
