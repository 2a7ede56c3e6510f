package io.berth.server.admin;

import io.berth.server.listener.ListenerStatus;
import java.util.ArrayList;
import java.util.List;

/** {@code berth ctl listeners list}: the listeners as an aligned text table, one row each. */
final class ListenerTable {
  private static final String[] HEADER = {"ID", "TYPE", "BIND", "STATUS", "CONNECTIONS", "MAX", "CERTIFICATE"};

  private ListenerTable() {}

  static List<String> render(List<ListenerStatus> listeners) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (ListenerStatus s : listeners) {
      rows.add(new String[] {s.id(), s.type(), s.bind(), status(s), String.valueOf(s.connections()),
          s.maxConnections() == Integer.MAX_VALUE ? "infinity" : String.valueOf(s.maxConnections()),
          certificate(s.certificate())});
    }
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        b.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
      }
      lines.add(b.toString().stripTrailing());
    }
    return lines;
  }

  private static String status(ListenerStatus s) {
    return s.running() ? "running" : s.enabled() ? "stopped" : "disabled";
  }

  private static String certificate(ListenerStatus.Certificate c) {
    return c == null ? "-" : c.subject() + " (serial " + c.serial() + ", expires " + c.notAfter() + ")";
  }
}
