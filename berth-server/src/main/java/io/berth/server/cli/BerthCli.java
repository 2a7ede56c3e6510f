package io.berth.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import io.berth.server.cli.ctl.CtlCommand;
import picocli.CommandLine.Command;

/** {@code berth}: the broker's single entry point (the shaded jar's Main-Class). */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Berth MQTT broker.",
    subcommands = {StartCommand.class, VersionCommand.class, PubCommand.class, SubCommand.class,
        io.berth.bench.BenchCommand.class, CertsCommand.class, CtlCommand.class, AuditCommand.class,
        PasswdCommand.class})
public final class BerthCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Netty's leak detector samples buffers on the hot path (15 % of fan-out CPU in the profile): off in production
    // unless asked for (-Dio.netty.leakDetection.level=...); the tests run it at paranoid.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(out, err, args));
  }

  /** Runs one command line, writing to the given streams; returns the exit code (tests call this). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new BerthCli());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // One line, never a stack trace: a CliError says what happened; anything else is a bug, named as such.
      PrintWriter w = commandLine.getErr();
      if (e instanceof CliError c) {
        w.println("berth: " + c.getMessage());
        w.flush();
        return c.exitCode();
      }
      if (e instanceof io.berth.server.client.ClientException c) { // the broker refused, or could not be reached
        w.println("berth: " + c.getMessage());
        w.flush();
        return CliError.FAILURE;
      }
      w.println("berth: unexpected error: " + e);
      w.flush();
      return CliError.FAILURE;
    });
    return cmd;
  }

  @Override
  public void run() {
    // "berth" alone: show what there is to do.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
