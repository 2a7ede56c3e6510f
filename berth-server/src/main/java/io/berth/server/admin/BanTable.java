package io.berth.server.admin;

import io.berth.core.security.ban.Ban;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** {@code berth ctl banned list}: the bans in force as an aligned text table, oldest first. */
final class BanTable {
  private static final String[] HEADER = {"KIND", "VALUE", "UNTIL", "CREATED", "BY", "REASON"};

  private BanTable() {}

  static List<String> render(List<Ban> bans) {
    if (bans.isEmpty()) {
      return List.of("no bans");
    }
    List<String[]> rows = new ArrayList<>();
    for (Ban b : bans) {
      rows.add(new String[] {b.kind().word(), oneLine(b.value()), b.untilMillis() == Ban.FOREVER ? "forever"
          : time(b.untilMillis()), time(b.atMillis()), oneLine(b.by()), oneLine(b.reason())});
    }
    return TextTable.render(HEADER, rows);
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A value with a line break would break the table (and the admin protocol's lines). */
  private static String oneLine(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r");
  }
}
