package io.berth.server.cli;

import io.berth.server.audit.AuditReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth audit [-c FILE]}: the exposure report of a configuration; exit 3 when a high-severity finding is
 * present, so that a deployment pipeline can stop on it.
 */
@Command(name = "audit", description = "Report how exposed a configuration leaves the broker: each listener's"
    + " reachability, encryption and authentication, and findings by severity (exit 3 on a high-severity one).")
public final class AuditCommand implements Callable<Integer> {
  /** The exit code when the report has a high-severity finding. */
  public static final int HIGH_FINDING = 3;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (default: etc/berth.conf if it exists, else the built-in defaults).")
  Path config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The process environment; a field so that tests can give their own. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws CliError {
    StartCommand loader = new StartCommand();
    loader.config = config;
    loader.env = env;
    AuditReport report = AuditReport.of(loader.loadConfig(), Instant.now());
    spec.commandLine().getOut().print(report.render());
    spec.commandLine().getOut().flush();
    return report.hasHigh() ? HIGH_FINDING : 0;
  }
}
