package io.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reaches the reload action (the signal is raised in this very JVM once our handler is in place), unless the
 * JVM was started with SIGHUP ignored or reserved, which {@link Hangup} must then detect: both are tested in JVMs of
 * their own, started that way.
 */
class HangupTest {
  @Test
  void sighupRunsTheReloadOnItsOwnThreadUnlessThisJvmWasStartedWithItIgnored() throws Exception {
    boolean ignoredAtStart = hupIgnoredByThisProcess(); // read before any handler is installed
    CountDownLatch ran = new CountDownLatch(1);
    String[] thread = new String[1];
    Hangup.Installed hup = Hangup.onHangup(() -> {
      thread[0] = Thread.currentThread().getName();
      ran.countDown();
    });
    try {
      if (ignoredAtStart) { // the tests run under nohup: no handler can be installed, and that must be said
        assertThat(hup.previous()).isSameAs(SignalHandler.SIG_IGN);
        assertThat(hup.problem()).isEqualTo(Hangup.IGNORED_BY_PARENT);
        return;
      }
      assertThat(hup.problem()).isNull();
      Signal.raise(Hangup.HUP);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread[0]).isEqualTo("berth-reload");
    } finally {
      if (hup.previous() != null) {
        Signal.handle(Hangup.HUP, hup.previous());
      }
    }
  }

  @Test
  void onlySigIgnAsThePreviousHandlerMeansTheReloadCannotWork() {
    assertThat(Hangup.problem(SignalHandler.SIG_IGN)).isEqualTo(Hangup.IGNORED_BY_PARENT);
    assertThat(Hangup.problem(SignalHandler.SIG_DFL)).isNull();
    assertThat(Hangup.problem(s -> { })).isNull(); // the JVM's own handler, or one installed before
  }

  @Test
  void aJvmStartedUnderNohupIsDetectedAndItsReloadNeverRuns() throws Exception {
    // A shell that ignores SIGHUP before exec, as nohup does (nohup itself would send the output to nohup.out).
    String out = probe(List.of("/bin/sh", "-c", "trap '' HUP; exec \"$0\" \"$@\"", java(), "-cp", classpath(),
        HangupProbe.class.getName(), "raise"));
    assertThat(out).isEqualTo("problem=" + Hangup.IGNORED_BY_PARENT + " reloaded=false");
  }

  @Test
  void aJvmStartedWithXrsIsDetectedWithoutAStackTrace() throws Exception {
    String out = probe(List.of(java(), "-Xrs", "-cp", classpath(), HangupProbe.class.getName()));
    assertThat(out).isEqualTo("problem=" + Hangup.RESERVED_BY_JVM + " reloaded=false");
  }

  /** Whether SIGHUP (bit 0 of the mask) is in this process's ignored signals, as the kernel says. */
  private static boolean hupIgnoredByThisProcess() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1) != 0;
      }
    }
    throw new IllegalStateException("no SigIgn line in /proc/self/status");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classpath() {
    return System.getProperty("java.class.path");
  }

  /** Runs the command, returns its output (stdout and stderr) trimmed; it must exit 0 within 30 s. */
  private static String probe(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(bytes, StandardCharsets.UTF_8).trim();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
