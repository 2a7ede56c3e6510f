package io.berth.server.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code berth ctl banned add|list|remove}: the running broker's bans (saved in node.data_dir/banned.txt). */
@Command(name = "banned", description = "Ban clients by client id, user name, address, network or regular"
    + " expression; list and remove bans.")
final class BannedCommand implements Runnable {
  private static final String KINDS = "clientid, username, peerhost, cidr, clientid_re or username_re";

  @ParentCommand CtlCommand ctl;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", description = "The bans in force: kind, value, until, created, by, reason.")
  int list() throws CliError {
    return ctl.send(spec.commandLine().getOut(), List.of("banned", "list"));
  }

  @Command(name = "add", description = "Ban now: an address or network's connections are closed and refused at"
      + " accept; a client id or user name's client is disconnected and refused at CONNECT (0x8A, 3.1.1: 0x05).")
  int add(
      @Option(names = "--as", required = true, paramLabel = "KIND", description = KINDS) String kind,
      @Parameters(paramLabel = "VALUE", description = "e.g. dev-17, 203.0.113.9, 10.0.0.0/8, ^test-.*") String value,
      @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "forever",
          description = "How long: 90s, 30m, 1h, 7d, or forever (the default)") String duration,
      @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the list") String reason)
      throws CliError {
    List<String> words = new ArrayList<>(List.of("banned", "add", kind, value, duration));
    if (reason != null && !reason.isBlank()) {
      words.add(reason.replace('\n', ' ').replace('\r', ' '));
    }
    return ctl.send(spec.commandLine().getOut(), words);
  }

  @Command(name = "remove", description = "Lift a ban.")
  int remove(
      @Option(names = "--as", required = true, paramLabel = "KIND", description = KINDS) String kind,
      @Parameters(paramLabel = "VALUE") String value) throws CliError {
    return ctl.send(spec.commandLine().getOut(), List.of("banned", "remove", kind, value));
  }
}
