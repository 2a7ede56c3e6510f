package io.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** SIGHUP reaches the reload action: the signal is raised in this very JVM once our handler is in place. */
class HangupTest {
  @Test
  void sighupRunsTheReloadOnItsOwnThread() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    String[] thread = new String[1];
    SignalHandler previous = Hangup.onHangup(() -> {
      thread[0] = Thread.currentThread().getName();
      ran.countDown();
    });
    try {
      Signal.raise(Hangup.HUP);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread[0]).isEqualTo("berth-reload");
    } finally {
      Signal.handle(Hangup.HUP, previous);
    }
  }
}
