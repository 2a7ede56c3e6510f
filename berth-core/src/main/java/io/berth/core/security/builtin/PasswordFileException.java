package io.berth.core.security.builtin;

import java.nio.file.Path;

/**
 * A password file that cannot be used, with a one-line message naming the file and, for a bad line, the line:
 * {@code "etc/passwd:7: user 'bob': bcrypt hash: the cost must be between 4 and 31, was 99"}.
 */
public final class PasswordFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  /**
   * @param source the file's name as the message shows it
   * @param line the 1-based line, 0 for the file as a whole
   */
  public PasswordFileException(String source, int line, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem, null, false, false);
    this.source = source;
    this.line = line;
  }

  static PasswordFileException io(Path file, Exception e) {
    String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e.getMessage() != null ? e.getMessage() : e.toString();
    return new PasswordFileException(file.toString(), 0, "cannot read: " + reason);
  }

  public String source() {
    return source;
  }

  /** The 1-based line, 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }
}
