package io.berth.store;

/** The data directory cannot be used; the message is one line naming the directory and what to do. */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
