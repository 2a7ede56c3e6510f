package io.berth.core;

/**
 * Whether the broker is short of memory. The server's memory watch sets it; while it is set new connections are
 * refused with Server Busy and publishers are slowed, so that no client behaviour can exhaust the heap or the
 * direct memory. Thread-safe.
 */
public final class Overload {
  private volatile boolean overloaded;

  public boolean isOverloaded() {
    return overloaded;
  }

  public void set(boolean overloaded) {
    this.overloaded = overloaded;
  }
}
