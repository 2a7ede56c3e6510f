package io.berth.bench;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts the flood probe's event loop thread under the real-time scheduler (SCHED_FIFO via {@code chrt}), so that it
 * runs the moment a probe packet arrives even while the flood's own loop keeps the generator's core busy. Without
 * it the probe's latency partly measures the generator: the faster the broker takes the flood, the busier the
 * generator's core and the longer the probe waits for a time slice. Needs root (or CAP_SYS_NICE); otherwise the
 * run goes on at normal priority and says so in its report.
 */
final class RealtimeLoop {
  private static final int PRIORITY = 10;

  private RealtimeLoop() {}

  /** @return "realtime" when the loop's thread now runs under SCHED_FIFO, else why not */
  static String raise(EventLoop loop) {
    try {
      String tid = loop.submit(RealtimeLoop::threadId).get(5, TimeUnit.SECONDS);
      Process chrt = new ProcessBuilder("chrt", "-f", "-p", String.valueOf(PRIORITY), tid)
          .redirectErrorStream(true).start();
      String said = new String(chrt.getInputStream().readAllBytes()).strip();
      if (!chrt.waitFor(5, TimeUnit.SECONDS)) {
        chrt.destroyForcibly();
        return "normal (chrt did not answer)";
      }
      return chrt.exitValue() == 0 ? "realtime" : "normal (chrt: " + said + ")";
    } catch (IOException e) {
      return "normal (chrt not available: " + e.getMessage() + ")";
    } catch (ExecutionException | TimeoutException e) {
      return "normal (thread id unknown: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "normal (interrupted)";
    }
  }

  /** The calling thread's kernel id: /proc/thread-self links to PID/task/TID (Linux 3.17+). */
  private static String threadId() throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
  }
}
