package io.berth.server.cli.ctl;

import io.berth.server.cli.CliError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code berth ctl clients list|kick}: {@code /api/v5/clients}, the connected clients. */
@Command(name = "clients", description = "List the connected clients, or disconnect one.")
final class ClientsCommand implements Runnable {
  private static final String BASE = "/api/v5/clients";
  @ParentCommand CtlCommand ctl;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", description = "The clients: id, user, listener, address, MQTT version, since,"
      + " keep-alive, subscriptions, in flight, queued.")
  int list(
      @Option(names = "--clientid", paramLabel = "ID", description = "Only this client id") String clientId,
      @Option(names = "--username", paramLabel = "NAME", description = "Only this user name") String username,
      @Option(names = "--listener", paramLabel = "ID", description = "Only this listener, e.g. tcp:default")
          String listener,
      @Option(names = "--page", paramLabel = "N", defaultValue = "1") int page,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Clients per page")
          int limit) throws CliError {
    StringBuilder query = new StringBuilder("?page=" + page + "&limit=" + limit);
    param(query, "clientid", clientId);
    param(query, "username", username);
    param(query, "listener", listener);
    return ctl.call(api -> {
      ctl.print(api.get(BASE + query), Tables::clients);
      return 0;
    });
  }

  private static void param(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  @Command(name = "kick", description = "Disconnect a client (MQTT 5: DISCONNECT 0x98, administrative action).")
  int kick(@Parameters(paramLabel = "CLIENTID") String clientId) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.delete(BASE + "/" + ManagementClient.segment(clientId)), none -> List.of("kicked " + clientId));
      return 0;
    });
  }
}
