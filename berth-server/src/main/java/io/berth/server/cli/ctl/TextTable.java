package io.berth.server.cli.ctl;

import java.util.ArrayList;
import java.util.List;

/** Rows of text as aligned columns, two spaces apart, for the tables `berth ctl` prints. */
final class TextTable {
  private TextTable() {}

  /** The header then each row, every column as wide as its widest cell (the last one unpadded). */
  static List<String> render(String[] header, List<String[]> rows) {
    List<String[]> all = new ArrayList<>(rows.size() + 1);
    all.add(header);
    all.addAll(rows);
    int[] width = new int[header.length];
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>(all.size());
    for (String[] r : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }
}
