package io.berth.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth certs}: certificate tools. */
@Command(name = "certs", description = "Certificates for the TLS listeners.",
    subcommands = {CertsInitCommand.class})
final class CertsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
