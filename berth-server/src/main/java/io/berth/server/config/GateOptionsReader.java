package io.berth.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a listener's {@code access_rules} and {@code max_conn_rate}. */
final class GateOptionsReader {
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|m|h))?");
  private static final String RATE_ALLOWED = "expected infinity or connections per second > 0, e.g. 100, \"100/s\","
      + " \"30/m\" or \"500/h\"";

  private GateOptionsReader() {}

  /** @param unix a unix listener: its clients have no IP address, so no access rules */
  static GateOptions read(Fields f, boolean unix) throws ConfigException {
    AccessRules rules = AccessRules.ALLOW_ALL;
    if (!unix) {
      try {
        rules = AccessRules.parse(f.stringList("access_rules"));
      } catch (IllegalArgumentException e) {
        throw f.problem("access_rules", e.getMessage());
      }
    }
    return new GateOptions(rules, rate(f));
  }

  private static double rate(Fields f) throws ConfigException {
    Object raw = f.value("max_conn_rate").unwrapped();
    double perSecond = Double.NaN;
    if (raw instanceof Number n) {
      perSecond = n.doubleValue();
    } else if (raw instanceof String s) {
      String t = s.strip().toLowerCase(Locale.ROOT);
      if (t.equals("infinity")) {
        return Double.POSITIVE_INFINITY;
      }
      Matcher m = RATE.matcher(t);
      if (m.matches()) {
        double per = m.group(2) == null ? 1 : switch (m.group(2)) {
          case "m" -> 60;
          case "h" -> 3600;
          default -> 1;
        };
        perSecond = Double.parseDouble(m.group(1)) / per;
      }
    }
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw f.problem("max_conn_rate", RATE_ALLOWED);
    }
    return perSecond;
  }
}
