package io.berth.core.security.ban;

import io.berth.core.net.Cidr;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One ban: who (a kind and a value), why, who made it and when, and until when.
 *
 * @param kind what {@code value} is
 * @param value the client id, user name, address ("10.0.0.7", "2001:db8::7"), network ("10.0.0.0/8") or regular
 *     expression; addresses and networks are kept in their canonical spelling
 * @param reason free text for the operator ("flapping", "too many failed logins")
 * @param by who made it ("berth ctl", "flapping_detect", "authentication_ban")
 * @param atMillis when it was made (epoch milliseconds)
 * @param untilMillis when it ends (epoch milliseconds), or {@link #FOREVER}
 */
public record Ban(BanKind kind, String value, String reason, String by, long atMillis, long untilMillis) {
  /** A ban without an end. */
  public static final long FOREVER = Long.MAX_VALUE;

  public Ban {
    if (kind == null || value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a ban needs a kind and a value");
    }
    reason = reason == null ? "" : reason;
    by = by == null ? "" : by;
  }

  /**
   * A ban with its value checked and made canonical (an address or network parsed, a regular expression compiled).
   *
   * @throws IllegalArgumentException a value that is not of its kind; the message says what is expected
   */
  public static Ban of(BanKind kind, String value, String reason, String by, long atMillis, long untilMillis) {
    return new Ban(kind, canonical(kind, value), reason, by, atMillis, untilMillis);
  }

  /** The value as bans keep it: addresses and networks canonical, the others as given. */
  public static String canonical(BanKind kind, String value) {
    String v = value.strip();
    switch (kind) {
      case PEERHOST -> {
        return Cidr.parseAddress(v).getHostAddress();
      }
      case CIDR -> {
        return Cidr.parse(v).canonical().text();
      }
      case CLIENTID_RE, USERNAME_RE -> {
        try {
          Pattern.compile(value);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("not a regular expression: " + e.getDescription());
        }
        return value;
      }
      default -> {
        return value;
      }
    }
  }

  public boolean expiredAt(long nowMillis) {
    return untilMillis != FOREVER && nowMillis >= untilMillis;
  }
}
