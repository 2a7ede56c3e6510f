package io.berth.core.security.ban;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bans in a text file ({@code data/banned.txt}), one a line: kind, value, until, created at, by, reason, separated by
 * tabs (tabs, newlines and backslashes inside a field escaped with a backslash), times as ISO-8601 instants or
 * "forever". Written whole to a temporary file, forced to disk, then renamed over the old one: a crash leaves the
 * old list or the new one, never half of one.
 */
public final class FileBanStore implements BanStore {
  private static final String HEADER = "# Berth bans, written by the broker (berth ctl banned add|remove changes"
      + " them).\n# kind\tvalue\tuntil\tcreated\tby\treason\n";

  private final Path file;

  public FileBanStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /**
   * @throws IOException the file cannot be read, or a line is not a ban (the message names file:line)
   */
  @Override
  public List<Ban> load() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Ban> bans = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        bans.add(parse(line));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IOException(file + ":" + (n + 1) + ": not a ban (" + e.getMessage() + "); expected kind, value,"
            + " until, created, by and reason separated by tabs");
      }
    }
    return bans;
  }

  @Override
  public void save(List<Ban> bans) throws IOException {
    StringBuilder b = new StringBuilder(HEADER);
    for (Ban ban : bans) {
      b.append(ban.kind().word()).append('\t').append(escape(ban.value())).append('\t')
          .append(time(ban.untilMillis())).append('\t').append(time(ban.atMillis())).append('\t')
          .append(escape(ban.by())).append('\t').append(escape(ban.reason())).append('\n');
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(StandardCharsets.UTF_8.encode(b.toString()));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Ban parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 6) {
      throw new IllegalArgumentException(f.length + " fields");
    }
    return Ban.of(BanKind.parse(f[0]), unescape(f[1]), unescape(f[5]), unescape(f[4]), millis(f[3]), millis(f[2]));
  }

  private static String time(long millis) {
    return millis == Ban.FOREVER ? "forever" : Instant.ofEpochMilli(millis).toString();
  }

  private static long millis(String s) {
    return s.equals("forever") ? Ban.FOREVER : Instant.parse(s).toEpochMilli();
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        b.append(c);
        continue;
      }
      char e = s.charAt(++i);
      b.append(switch (e) {
        case 't' -> '\t';
        case 'n' -> '\n';
        case 'r' -> '\r';
        default -> e;
      });
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
