package io.berth.server.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** SIGHUP, as daemons take it: reload the configuration. The work runs on its own thread, never the signal's. */
final class Hangup {
  static final Signal HUP = new Signal("HUP");

  private Hangup() {}

  /** Runs {@code reload} on every SIGHUP; returns the handler it replaced (the JVM's, which would exit). */
  static SignalHandler onHangup(Runnable reload) {
    return Signal.handle(HUP, s -> {
      Thread t = new Thread(reload, "berth-reload");
      t.setDaemon(true);
      t.start();
    });
  }
}
