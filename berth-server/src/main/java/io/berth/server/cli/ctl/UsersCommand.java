package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.cli.CliError;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth ctl users add|list|remove|passwd}: the MQTT users of the built-in database
 * ({@code /api/v5/authentication/password_based:built_in_database/users}), not the API's admins.
 */
@Command(name = "users", description = "The MQTT users of the broker's built-in database: add, list, remove,"
    + " change a password.")
final class UsersCommand implements Runnable {
  private static final String BASE = "/api/v5/authentication/password_based:built_in_database/users";
  /** The new user's password, for scripts (else it is asked for twice). */
  static final String PASSWORD_ENV = "BERTH_USER_PASSWORD";

  @ParentCommand CtlCommand ctl;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", description = "The users and whether each is a superuser.")
  int list(@Option(names = "--page", paramLabel = "N", defaultValue = "1") int page,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "100") int limit) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.get(BASE + "?page=" + page + "&limit=" + limit), Tables::users);
      return 0;
    });
  }

  @Command(name = "add", description = "Add a user; the password comes from " + PASSWORD_ENV + " or is asked for"
      + " twice.")
  int add(@Parameters(paramLabel = "USER") String user,
      @Option(names = "--superuser", description = "May publish and subscribe to every topic") boolean superuser)
      throws CliError {
    ObjectNode body = ManagementClient.JSON.createObjectNode().put("user_id", user).put("password", password(user))
        .put("is_superuser", superuser);
    return ctl.call(api -> {
      ctl.print(api.post(BASE, body), u -> List.of("added user " + user + (superuser ? " (superuser)" : "")));
      return 0;
    });
  }

  @Command(name = "passwd", description = "Set a user's password (from " + PASSWORD_ENV + ", or asked for twice).")
  int passwd(@Parameters(paramLabel = "USER") String user) throws CliError {
    ObjectNode body = ManagementClient.JSON.createObjectNode().put("password", password(user));
    return ctl.call(api -> {
      ctl.print(api.put(BASE + "/" + ManagementClient.segment(user), body), u -> List.of("changed the password of "
          + user));
      return 0;
    });
  }

  @Command(name = "remove", description = "Remove a user (a connected client stays connected until it leaves).")
  int remove(@Parameters(paramLabel = "USER") String user) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.delete(BASE + "/" + ManagementClient.segment(user)), none -> List.of("removed user " + user));
      return 0;
    });
  }

  private String password(String user) throws CliError {
    String fromEnv = ctl.env.get(PASSWORD_ENV);
    if (fromEnv != null) {
      if (fromEnv.isEmpty()) {
        throw CliError.failure(PASSWORD_ENV + " is empty; nothing changed");
      }
      return fromEnv;
    }
    char[] first = ctl.terminal.secret("Password for MQTT user " + user + ": ");
    if (first == null) {
      throw CliError.failure("no password: set " + PASSWORD_ENV + ", or run berth ctl in a terminal");
    }
    char[] second = ctl.terminal.secret("Again: ");
    try {
      if (second == null || !Arrays.equals(first, second)) {
        throw CliError.failure("the passwords do not match; nothing changed");
      }
      if (first.length == 0) {
        throw CliError.failure("empty password; nothing changed");
      }
      return new String(first);
    } finally {
      Arrays.fill(first, '\0');
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }
}
