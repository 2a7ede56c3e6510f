package io.berth.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM (`berth start`) on a data directory, so that a test can kill it with SIGKILL: nothing in
 * the process gets to flush or close, as in a crash or an OOM kill.
 */
final class ChildBroker {
  private final Process process;
  private final int port;
  private final Path log;

  private ChildBroker(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a broker on a free loopback port and waits until it accepts connections (recovery done). */
  static ChildBroker start(Path dataDir, Path workDir, int run) throws IOException, InterruptedException {
    return start(dataDir, workDir, run, "256m", 30, "");
  }

  /** A small, quickly started child JVM (C1 only, serial GC): what the crash tests need. */
  static ChildBroker start(Path dataDir, Path workDir, int run, String heap, int listenWithinSeconds,
      String extraConf) throws IOException, InterruptedException {
    return start(dataDir, workDir, run, List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        listenWithinSeconds, extraConf);
  }

  /**
   * @param jvm the child's JVM options
   * @param listenWithinSeconds how long recovery may take before the start counts as failed
   * @param extraConf more configuration lines (HOCON), after the test's own
   */
  static ChildBroker start(Path dataDir, Path workDir, int run, List<String> jvm, int listenWithinSeconds,
      String extraConf) throws IOException, InterruptedException {
    int port = FreePorts.next();
    Path conf = workDir.resolve("berth-" + run + ".conf");
    Files.writeString(conf, "listeners.tcp.default.bind = \"127.0.0.1:" + port + "\"\n"
        + "listeners.ws.default.enable = false\n"
        + "dashboard.listeners.http.enable = false\n"
        + "node.data_dir = \"" + dataDir + "\"\n"
        + "durability.data_dir = \"" + dataDir + "\"\n" + extraConf);
    Path log = workDir.resolve("broker-" + run + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new java.util.ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(List.of("-Dlogback.configurationFile=logback.xml",
        "-cp", cp, "io.berth.server.cli.BerthCli", "start", "-c", conf.toString()));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildBroker b = new ChildBroker(p, port, log);
    b.awaitListening(listenWithinSeconds);
    return b;
  }

  private void awaitListening(int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("broker exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("broker did not listen within " + seconds + " s: " + Files.readString(log));
  }

  /** CPU time the child has used so far (all threads), in milliseconds; -1 if the system does not say. */
  long cpuMillis() {
    return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
  }

  int port() {
    return port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What the child has logged so far. */
  String logText() {
    try {
      return Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGKILL (destroyForcibly on Linux), and wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the graceful shutdown `berth start` does on a signal. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  String log() throws IOException {
    return Files.readString(log);
  }
}
