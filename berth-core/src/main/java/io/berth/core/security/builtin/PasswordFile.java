package io.berth.core.security.builtin;

import io.berth.core.security.UserDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in users as a password file ({@link PasswordFileContent} describes the format), kept in memory and
 * re-read when the file changes. A file that has become bad does not take effect: the users from the last good
 * version stay, and {@link #reloadIfChanged} reports the problem once per version of the file.
 */
public final class PasswordFile implements UserDirectory {

  /** What {@link #reloadIfChanged} did. */
  public enum Outcome {
    /** The file is as it was when last read (or last found bad). */
    UNCHANGED,
    /** The new version is in use. */
    RELOADED,
    /** The new version is bad or unreadable: the previous users stay; {@link Reload#problem} says why. */
    FAILED
  }

  /**
   * @param problem for FAILED, the one-line reason naming the file and line; null otherwise
   */
  public record Reload(Outcome outcome, String problem) {}

  /** What identifies a version of the file: a change of any of these means "read it again". */
  private record Stamp(long modifiedNanos, long size, Object fileKey) {}

  private final Path path;
  private volatile Map<String, User> users;
  private Stamp stamp;

  private PasswordFile(Path path, Map<String, User> users, Stamp stamp) {
    this.path = path;
    this.users = users;
    this.stamp = stamp;
  }

  /** Reads the file; a missing, unreadable or bad file is an error naming it (and the line). */
  public static PasswordFile load(Path path) throws PasswordFileException {
    Stamp stamp;
    try {
      stamp = stamp(path);
    } catch (IOException e) {
      throw PasswordFileException.io(path, e);
    }
    PasswordFileContent content = PasswordFileContent.read(path);
    return new PasswordFile(path, content.users(), stamp);
  }

  private static Stamp stamp(Path path) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    return new Stamp(a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
        + a.lastModifiedTime().toInstant().getNano(), a.size(), a.fileKey());
  }

  public Path path() {
    return path;
  }

  /** How many users the file in use has. */
  public int size() {
    return users.size();
  }

  @Override
  public Optional<User> find(String username) {
    return Optional.ofNullable(users.get(username));
  }

  /**
   * Reads the file again if its modification time, size or identity (a file moved over it) changed since it was
   * last read. Safe to call from any thread, e.g. a periodic check or a SIGHUP reload.
   */
  public synchronized Reload reloadIfChanged() {
    Stamp now;
    try {
      now = stamp(path);
    } catch (IOException e) {
      Stamp gone = new Stamp(-1, -1, e.getClass());
      if (gone.equals(stamp)) {
        return new Reload(Outcome.UNCHANGED, null);
      }
      stamp = gone;
      return new Reload(Outcome.FAILED, PasswordFileException.io(path, e).getMessage()
          + "; keeping the " + users.size() + " users read before");
    }
    if (now.equals(stamp)) {
      return new Reload(Outcome.UNCHANGED, null);
    }
    // The stamp read before the text: a change while reading shows up as another change on the next check.
    stamp = now;
    try {
      users = PasswordFileContent.read(path).users();
      return new Reload(Outcome.RELOADED, null);
    } catch (PasswordFileException e) {
      return new Reload(Outcome.FAILED, e.getMessage() + "; keeping the " + users.size() + " users read before");
    }
  }

  @Override
  public String toString() {
    return "PasswordFile[" + path + ", " + users.size() + " users]";
  }
}
