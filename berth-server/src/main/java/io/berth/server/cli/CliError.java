package io.berth.server.cli;

/** A failure the user must read: printed as "berth: <message>" on stderr, then the process exits with the code. */
final class CliError extends Exception {
  private static final long serialVersionUID = 1L;

  /** Broker refused, could not connect, timed out. */
  static final int FAILURE = 1;
  /** The configuration or the command line is wrong, or the broker could not start. */
  static final int USAGE = 2;

  private final int exitCode;

  CliError(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CliError failure(String message) {
    return new CliError(FAILURE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
