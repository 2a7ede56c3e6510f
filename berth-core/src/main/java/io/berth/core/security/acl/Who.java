package io.berth.core.security.acl;

import java.util.List;
import java.util.regex.Pattern;

/** Which clients a rule is about (EMQX acl.conf's who(); Mosquitto's user sections). */
sealed interface Who {

  boolean matches(Subject s);

  /** Every client. */
  record All() implements Who {
    @Override
    public boolean matches(Subject s) {
      return true;
    }
  }

  /** Clients without a user name (Mosquitto's topic lines before the first {@code user} line). */
  record Anonymous() implements Who {
    @Override
    public boolean matches(Subject s) {
      return s.identity().username() == null;
    }
  }

  /** A user name, exactly. A client without one never matches. */
  record Username(String name) implements Who {
    @Override
    public boolean matches(Subject s) {
      return name.equals(s.identity().username());
    }
  }

  /** User names in which the expression is found (unanchored, as EMQX's re:run). */
  record UsernameRegex(Pattern regex) implements Who {
    @Override
    public boolean matches(Subject s) {
      String u = s.identity().username();
      return u != null && regex.matcher(u).find();
    }
  }

  /** A client identifier, exactly. */
  record ClientId(String id) implements Who {
    @Override
    public boolean matches(Subject s) {
      return id.equals(s.identity().clientId());
    }
  }

  /** Client identifiers in which the expression is found. */
  record ClientIdRegex(Pattern regex) implements Who {
    @Override
    public boolean matches(Subject s) {
      String c = s.identity().clientId();
      return c != null && regex.matcher(c).find();
    }
  }

  /** Clients whose address is in one of the networks ({@code ipaddr} has one, {@code ipaddrs} a list). */
  record Addresses(List<IpNetwork> networks) implements Who {
    public Addresses {
      networks = List.copyOf(networks);
    }

    @Override
    public boolean matches(Subject s) {
      byte[] a = s.address();
      for (IpNetwork n : networks) {
        if (n.contains(a)) {
          return true;
        }
      }
      return false;
    }
  }

  /** All of the conditions (true for an empty list, as EMQX's fold). */
  record And(List<Who> all) implements Who {
    public And {
      all = List.copyOf(all);
    }

    @Override
    public boolean matches(Subject s) {
      for (Who w : all) {
        if (!w.matches(s)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Any of the conditions (false for an empty list). */
  record Or(List<Who> any) implements Who {
    public Or {
      any = List.copyOf(any);
    }

    @Override
    public boolean matches(Subject s) {
      for (Who w : any) {
        if (w.matches(s)) {
          return true;
        }
      }
      return false;
    }
  }
}
