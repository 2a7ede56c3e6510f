package io.berth.server.cli;

import io.berth.server.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth version}: prints "berth <version>". */
@Command(name = "version", description = "Print Berth's version.")
final class VersionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("berth " + version());
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String version() {
    return Version.current();
  }

  /** For {@code berth --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"berth " + version()};
    }
  }
}
