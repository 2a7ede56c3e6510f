package io.berth.core.admin;

/** An event loop did not answer a read of its sessions in time, or no longer runs: try again later. */
public final class LoopTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LoopTimeoutException(String message) {
    super(message, null, false, false);
  }
}
