package io.berth.server.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * A JVM of its own for {@link HangupTest}, started with SIGHUP ignored or with -Xrs: installs the reload handler,
 * raises SIGHUP when asked ("raise"), and prints one line of what came of it.
 */
public final class HangupProbe {
  private HangupProbe() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch reloaded = new CountDownLatch(1);
    Hangup.Installed hup = Hangup.onHangup(reloaded::countDown);
    boolean ran = false;
    if (args.length > 0 && args[0].equals("raise")) { // never with -Xrs: SIGHUP's default action ends the process
      Signal.raise(Hangup.HUP);
      ran = reloaded.await(1, TimeUnit.SECONDS);
    }
    System.out.println("problem=" + hup.problem() + " reloaded=" + ran);
  }
}
