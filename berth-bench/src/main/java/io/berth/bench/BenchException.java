package io.berth.bench;

/** A run that cannot go on (no broker, refused connection, bad option); its message is shown as it is. */
public final class BenchException extends RuntimeException {
  public BenchException(String message) {
    super(message);
  }
}
