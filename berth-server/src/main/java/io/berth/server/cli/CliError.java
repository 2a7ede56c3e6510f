package io.berth.server.cli;

/** A failure the user must read: printed as "berth: <message>" on stderr, then the process exits with the code. */
public final class CliError extends Exception {
  private static final long serialVersionUID = 1L;

  /** Broker refused, could not connect, timed out. */
  public static final int FAILURE = 1;
  /** The configuration or the command line is wrong, or the broker could not start. */
  public static final int USAGE = 2;

  private final int exitCode;

  public CliError(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public static CliError failure(String message) {
    return new CliError(FAILURE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
