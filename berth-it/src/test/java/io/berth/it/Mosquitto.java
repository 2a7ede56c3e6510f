package io.berth.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's mosquitto_pub / mosquitto_sub with timeouts. A missing binary fails the test, never skips it. */
public final class Mosquitto {
  public record Result(int exitCode, String stdout, String stderr) {}

  private Mosquitto() {}

  public static String binary(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    fail(name + " not found: install mosquitto-clients (apt-get install -y mosquitto-clients)");
    return null;
  }

  /** Runs to completion (killed after {@code timeoutSeconds}). */
  public static Result run(long timeoutSeconds, String name, String... args) {
    Handle h = spawn(name, args);
    return h.finish(timeoutSeconds);
  }

  public static Handle spawn(String name, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary(name));
    cmd.addAll(List.of(args));
    try {
      File out = File.createTempFile(name, ".out");
      File err = File.createTempFile(name, ".err");
      Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
      p.getOutputStream().close();
      return new Handle(cmd, p, out, err);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    }
  }

  /** A running mosquitto client. */
  public static final class Handle implements AutoCloseable {
    private final List<String> cmd;
    private final Process process;
    private final File out;
    private final File err;

    Handle(List<String> cmd, Process process, File out, File err) {
      this.cmd = cmd;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    public String stdoutSoFar() {
      return read(out);
    }

    /** Waits for the process to exit (killing it after {@code timeoutSeconds}) and returns its output. */
    public Result finish(long timeoutSeconds) {
      try {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          fail("%s did not finish within %d s; stdout: %s stderr: %s", cmd, timeoutSeconds, read(out), read(err));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      Result r = new Result(process.exitValue(), read(out), read(err));
      close();
      return r;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      out.delete();
      err.delete();
    }

    private static String read(File f) {
      try {
        return Files.readString(f.toPath(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
