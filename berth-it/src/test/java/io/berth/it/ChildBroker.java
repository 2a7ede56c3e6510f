package io.berth.it;

import java.io.IOException;
import java.net.ServerSocket;
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
    int port = freePort();
    Path conf = workDir.resolve("berth-" + run + ".conf");
    Files.writeString(conf, "admin.socket = \"\"\n"
        + "listeners.tcp.default.bind = \"127.0.0.1:" + port + "\"\n"
        + "listeners.ws.default.enable = false\n"
        + "dashboard.listeners.http.enable = false\n"
        + "durability.data_dir = \"" + dataDir + "\"\n");
    Path log = workDir.resolve("broker-" + run + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=logback.xml",
        "-cp", cp, "io.berth.server.cli.BerthCli", "start", "-c", conf.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildBroker b = new ChildBroker(p, port, log);
    b.awaitListening();
    return b;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
    throw new IllegalStateException("broker did not listen within 30 s: " + Files.readString(log));
  }

  int port() {
    return port;
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
