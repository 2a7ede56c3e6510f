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
    for (ListenerStatus s : listeners) {
      rows.add(new String[] {s.id(), s.type(), s.bind(), status(s), String.valueOf(s.connections()),
          s.maxConnections() == Integer.MAX_VALUE ? "infinity" : String.valueOf(s.maxConnections()),
          certificate(s.certificate())});
    }
    return TextTable.render(HEADER, rows);
  }

  private static String status(ListenerStatus s) {
    return s.running() ? "running" : s.enabled() ? "stopped" : "disabled";
  }

  private static String certificate(ListenerStatus.Certificate c) {
    return c == null ? "-" : c.subject() + " (serial " + c.serial() + ", expires " + c.notAfter() + ")";
  }
}
