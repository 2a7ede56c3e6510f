package io.berth.core.security.builtin;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.password.MalformedHashException;
import io.berth.core.security.password.PasswordHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of a password file, parsed, and edited line by line: what {@code berth passwd} changes keeps every other
 * line (comments included) as it was. Immutable; {@link #with} and {@link #without} return a new one.
 *
 * <p>The format (Mosquitto's, plus an optional third field): one user per line, {@code username:hash} or
 * {@code username:hash:superuser}; blanks around fields are ignored; {@code #} starts a comment line; blank lines are
 * allowed; UTF-8. A user name is not empty, has no {@code :} and no control character, and does not start with
 * {@code #}. Every hash must parse ({@link PasswordHashes#parse}); a user may appear once.
 */
public final class PasswordFileContent {
  /** The third field that makes a user a superuser. */
  public static final String SUPERUSER = "superuser";

  /** One line: a user (with its original text, or null when it was added), or other text kept as it is. */
  private record Line(User user, String text) {}

  private final List<Line> lines;
  private final Map<String, User> users;

  private PasswordFileContent(List<Line> lines) {
    this.lines = List.copyOf(lines);
    Map<String, User> map = new LinkedHashMap<>();
    for (Line line : lines) {
      if (line.user() != null) {
        map.put(line.user().username(), line.user());
      }
    }
    this.users = Collections.unmodifiableMap(map);
  }

  public static PasswordFileContent empty() {
    return new PasswordFileContent(List.of());
  }

  /** Reads and parses a file (UTF-8). */
  public static PasswordFileContent read(Path file) throws PasswordFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw PasswordFileException.io(file, e);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PasswordFileException(file.toString(), 0, "not UTF-8 text");
    }
    return parse(file.toString(), text);
  }

  /**
   * Parses the text of a password file.
   *
   * @param source the file's name for messages
   */
  public static PasswordFileContent parse(String source, String text) throws PasswordFileException {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Line> lines = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    String[] raw = text.split("\n", -1);
    int count = text.isEmpty() ? 0 : text.endsWith("\n") ? raw.length - 1 : raw.length;
    for (int i = 0; i < count; i++) {
      String line = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        lines.add(new Line(null, line));
        continue;
      }
      User user = parseLine(source, i + 1, t);
      Integer first = seen.putIfAbsent(user.username(), i + 1);
      if (first != null) {
        throw new PasswordFileException(source, i + 1, "user '" + user.username() + "' again (first on line "
            + first + ")");
      }
      lines.add(new Line(user, line));
    }
    return new PasswordFileContent(lines);
  }

  private static User parseLine(String source, int number, String line) throws PasswordFileException {
    String[] fields = line.split(":", -1);
    if (fields.length < 2) {
      throw new PasswordFileException(source, number, "expected username:hash (or username:hash:superuser)");
    }
    String username = fields[0].strip();
    String problem = usernameProblem(username);
    if (problem != null) {
      throw new PasswordFileException(source, number, problem);
    }
    if (fields.length > 3) {
      throw new PasswordFileException(source, number, "user '" + username
          + "': too many ':' (expected username:hash or username:hash:superuser)");
    }
    boolean superuser = false;
    if (fields.length == 3) {
      if (!fields[2].strip().equals(SUPERUSER)) {
        throw new PasswordFileException(source, number, "user '" + username
            + "': the third field may only be 'superuser'");
      }
      superuser = true;
    }
    String hash = fields[1].strip();
    try {
      PasswordHashes.parse(hash);
    } catch (MalformedHashException e) {
      throw new PasswordFileException(source, number, "user '" + username + "': " + e.getMessage());
    }
    return new User(username, hash, superuser);
  }

  /** Why a user name cannot be in the file, or null when it can. */
  public static String usernameProblem(String username) {
    if (username.isEmpty()) {
      return "empty user name";
    }
    if (username.indexOf(':') >= 0) {
      return "a user name cannot contain ':'";
    }
    if (username.startsWith("#")) {
      return "a user name cannot start with '#'";
    }
    if (!username.strip().equals(username)) {
      return "a user name cannot start or end with a blank";
    }
    if (username.codePoints().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)) {
      return "a user name cannot contain control characters";
    }
    if (username.getBytes(StandardCharsets.UTF_8).length > 65_535) {
      return "a user name has at most 65535 bytes";
    }
    return null;
  }

  /** The users, in file order. */
  public Map<String, User> users() {
    return users;
  }

  public Optional<User> user(String username) {
    return Optional.ofNullable(users.get(username));
  }

  /**
   * This content with the user added at the end, or replacing the line of the user with that name.
   *
   * @throws IllegalArgumentException for a user name or hash that cannot be in the file
   */
  public PasswordFileContent with(User user) {
    String problem = usernameProblem(user.username());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    try {
      PasswordHashes.parse(user.passwordHash());
    } catch (MalformedHashException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    List<Line> copy = new ArrayList<>(lines);
    Line line = new Line(user, null);
    for (int i = 0; i < copy.size(); i++) {
      User u = copy.get(i).user();
      if (u != null && u.username().equals(user.username())) {
        copy.set(i, line);
        return new PasswordFileContent(copy);
      }
    }
    copy.add(line);
    return new PasswordFileContent(copy);
  }

  /** This content without the user's line (the same content when there is no such user). */
  public PasswordFileContent without(String username) {
    List<Line> copy = new ArrayList<>(lines);
    copy.removeIf(l -> l.user() != null && l.user().username().equals(username));
    return new PasswordFileContent(copy);
  }

  /** The file's text: unchanged lines as they were, changed and new users as {@code name:hash[:superuser]}. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      if (line.text() != null) {
        out.append(line.text());
      } else {
        User u = line.user();
        out.append(u.username()).append(':').append(u.passwordHash());
        if (u.superuser()) {
          out.append(':').append(SUPERUSER);
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Writes the file atomically: a temporary file in the same directory, readable and writable by the owner only
   * (mode 600), synced, then moved over the old one. A reader sees the old file or the new one, never a part.
   */
  public void write(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(render().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
