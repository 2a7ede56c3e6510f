package io.berth.server.admin;

import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanList;
import io.berth.core.security.ban.Durations;
import io.berth.server.admin.AdminProtocol.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin socket's {@code banned} commands:
 *
 * <pre>
 * banned list
 * banned add KIND VALUE DURATION|forever [REASON]
 * banned remove KIND VALUE
 * </pre>
 *
 * A ban takes effect at once: the connections it covers are closed (the {@link BanList}'s listeners).
 */
final class BanCommands {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");
  private static final String BY = "berth ctl";

  private final BanList bans;
  private final LongSupplier clockMillis;

  BanCommands(BanList bans, LongSupplier clockMillis) {
    this.bans = bans;
    this.clockMillis = clockMillis;
  }

  /** @param w the request's words, the first being "banned" */
  Response run(List<String> w) {
    String verb = w.size() > 1 ? w.get(1) : "";
    try {
      return switch (verb) {
        case "list" -> Response.ok(BanTable.render(bans.list()));
        case "add" -> add(w);
        case "remove" -> remove(w);
        default -> Response.error("usage: banned list | banned add KIND VALUE DURATION [REASON] | banned remove"
            + " KIND VALUE");
      };
    } catch (IllegalArgumentException e) {
      return Response.error(e.getMessage());
    }
  }

  private Response add(List<String> w) {
    if (w.size() < 5 || w.size() > 6) {
      return Response.error("usage: banned add KIND VALUE DURATION|forever [REASON]");
    }
    BanKind kind = BanKind.parse(w.get(2));
    long now = clockMillis.getAsLong();
    long duration = duration(w.get(4));
    long until = duration < 0 ? Ban.FOREVER : now + duration;
    Ban ban;
    try {
      ban = Ban.of(kind, w.get(3), w.size() == 6 ? w.get(5) : "", BY, now, until);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(kind.word() + " '" + w.get(3) + "': " + e.getMessage());
    }
    if (!bans.add(ban)) {
      return Response.error("the ban list is full (" + BanList.MAX_BANS + " bans); remove some first");
    }
    return Response.ok("banned " + kind.word() + " " + ban.value() + (until == Ban.FOREVER ? " until removed"
        : " for " + Durations.text(duration) + ", until " + Instant.ofEpochMilli(until))
        + (kind.isAddress() ? "; its connections are closed" : "; a connected client is disconnected"));
  }

  private Response remove(List<String> w) {
    if (w.size() != 4) {
      return Response.error("usage: banned remove KIND VALUE");
    }
    BanKind kind = BanKind.parse(w.get(2));
    return bans.remove(kind, w.get(3)) ? Response.ok("removed the ban on " + kind.word() + " " + w.get(3))
        : Response.error("no ban on " + kind.word() + " " + w.get(3) + " (berth ctl banned list shows them)");
  }

  /** Milliseconds, or -1 for forever. */
  private static long duration(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.equals("forever") || t.equals("infinity")) {
      return -1;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("duration '" + s + "': expected e.g. 90s, 30m, 1h or 7d, or forever");
    }
    long unit = switch (m.group(2)) {
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
    return Long.parseLong(m.group(1)) * unit;
  }
}
