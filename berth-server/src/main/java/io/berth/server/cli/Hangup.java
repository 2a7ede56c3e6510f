package io.berth.server.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP, as daemons take it: reload the configuration. The work runs on its own thread, never the signal's.
 *
 * <p>A JVM started with SIGHUP ignored (under {@code nohup}, or by any parent that ignores it) leaves it ignored:
 * HotSpot then installs no handler for it, without an error, and {@link Signal#handle} returns
 * {@link SignalHandler#SIG_IGN}. With {@code -Xrs} the JVM keeps the signal and {@code handle} throws. In both cases
 * the reload would never run, so {@link #onHangup} says why instead.
 */
final class Hangup {
  static final Signal HUP = new Signal("HUP");
  static final String IGNORED_BY_PARENT =
      "SIGHUP is ignored by the parent (nohup?): reload the configuration with `berth ctl reload`";
  static final String RESERVED_BY_JVM =
      "SIGHUP is reserved by the JVM (-Xrs?): reload the configuration with `berth ctl reload`";

  /**
   * What installing the reload handler came to.
   *
   * @param previous the handler it replaced (the JVM's, which would exit), to put back; null when none was replaced
   * @param problem why SIGHUP will never reach the reload, as one line for the user; null when it will
   */
  record Installed(SignalHandler previous, String problem) {}

  private Hangup() {}

  /** Runs {@code reload} on every SIGHUP, when this JVM can receive it at all (see {@link Installed#problem}). */
  static Installed onHangup(Runnable reload) {
    SignalHandler previous;
    try {
      previous = Signal.handle(HUP, s -> {
        Thread t = new Thread(reload, "berth-reload");
        t.setDaemon(true);
        t.start();
      });
    } catch (IllegalArgumentException reserved) { // -Xrs: "Signal already used by VM or OS"
      return new Installed(null, RESERVED_BY_JVM);
    }
    return new Installed(previous, problem(previous));
  }

  /**
   * Why a handler put in place of {@code previous} never runs, or null. SIG_IGN comes back only when the JVM found
   * SIGHUP ignored at start: it then keeps it ignored whatever is installed (the JVM's own handler would replace it).
   */
  static String problem(SignalHandler previous) {
    return previous == SignalHandler.SIG_IGN ? IGNORED_BY_PARENT : null;
  }
}
