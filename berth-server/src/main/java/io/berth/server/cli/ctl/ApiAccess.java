package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.api.auth.CtlKey;
import io.berth.server.cli.CliError;
import io.berth.server.cli.StartCommand;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import io.berth.server.config.DashboardConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Where {@code berth ctl} finds the management API and how it proves who it is. The address: {@code --url}, else
 * {@code dashboard.listeners.http.bind} of the broker's configuration (an any-address bind is reached on loopback).
 * The credentials, first found wins: {@code --api-key}, {@code --user} (a login: password from BERTH_PASSWORD or
 * the terminal, TOTP code from {@code --totp} or the terminal), the BERTH_API_KEY variable, then the key the broker
 * wrote to {@code <node.data_dir>/ctl.key} at start.
 */
final class ApiAccess {
  static final String PASSWORD_ENV = "BERTH_PASSWORD";
  static final String API_KEY_ENV = "BERTH_API_KEY";

  private final CtlCommand o;
  private ConfigLoader.Location location;

  private ApiAccess(CtlCommand options) {
    this.o = options;
  }

  /** A client of the broker's API with its credentials; a login ({@code --user}) has happened already. */
  static ManagementClient open(CtlCommand options) throws CliError {
    ApiAccess a = new ApiAccess(options);
    ManagementClient client = new ManagementClient(a.url());
    a.authorize(client);
    return client;
  }

  private String url() throws CliError {
    if (o.url != null) {
      if (!o.url.startsWith("http://") && !o.url.startsWith("https://")) {
        throw new CliError(CliError.USAGE, "--url " + o.url + ": expected http://HOST:PORT, e.g."
            + " http://10.0.0.5:18083");
      }
      return o.url;
    }
    ConfigLoader.Location c = location();
    DashboardConfig d = c.dashboard();
    if (!d.enabled()) {
      throw CliError.failure("the management API is off in " + c.source() + " (dashboard.listeners.http):"
          + " berth ctl talks to the broker through it; turn it on and restart the broker, or give --url");
    }
    if (d.port() == 0) {
      throw CliError.failure("dashboard.listeners.http.bind in " + c.source() + " has port 0 (any free port):"
          + " give --url with the port the broker logged");
    }
    String host = switch (d.host()) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::", "0:0:0:0:0:0:0:0" -> "::1";
      default -> d.host();
    };
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + d.port();
  }

  private void authorize(ManagementClient client) throws CliError {
    if (o.apiKey != null) {
      client.authorize(basic(o.apiKey, "--api-key"), " (check --api-key)");
    } else if (o.user != null) {
      client.authorize("Bearer " + login(client), "");
    } else if (o.env.get(API_KEY_ENV) != null) {
      client.authorize(basic(o.env.get(API_KEY_ENV), API_KEY_ENV), " (check " + API_KEY_ENV + ")");
    } else {
      Path file = CtlKey.file(dataDir());
      client.authorize(basic(readKey(file), file.toString()), " — the key in " + file + " is replaced at every"
          + " start of the broker: is this the configuration of the running broker? Or give --user/--api-key");
    }
  }

  private static String basic(String keyAndSecret, String from) throws CliError {
    if (keyAndSecret.indexOf(':') <= 0) {
      throw new CliError(CliError.USAGE, from + ": expected KEY:SECRET (POST /api/v5/api_key makes a key)");
    }
    return "Basic " + Base64.getEncoder().encodeToString(keyAndSecret.getBytes(StandardCharsets.UTF_8));
  }

  private static String readKey(Path file) throws CliError {
    String hint = ": berth ctl reads the API key the broker writes there at every start; run it as the broker's"
        + " user, from the broker's directory or with -c its configuration, or give --user/--api-key";
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw CliError.failure("no " + file + hint);
    } catch (AccessDeniedException e) {
      throw CliError.failure("cannot read " + file + " (permission denied)" + hint);
    } catch (IOException e) {
      throw CliError.failure("cannot read " + file + " (" + e.getMessage() + ")" + hint);
    }
  }

  /** POST /api/v5/login, asking for the TOTP code when the admin has a second factor; returns the token. */
  private String login(ManagementClient client) throws CliError {
    String password = o.env.get(PASSWORD_ENV);
    if (password == null) {
      char[] typed = o.terminal.secret("Password for " + o.user + ": ");
      if (typed == null) {
        throw CliError.failure("--user " + o.user + ": no password: set " + PASSWORD_ENV + ", or run berth ctl"
            + " in a terminal");
      }
      password = new String(typed);
    }
    ObjectNode body = ManagementClient.JSON.createObjectNode().put("username", o.user).put("password", password);
    if (o.totp != null) {
      body.put("totp", o.totp);
    }
    ManagementClient.Reply r = client.exchange("POST", "/api/v5/login", body);
    if (r.status() == 401 && "TOTP_REQUIRED".equals(code(r)) && o.totp == null) {
      String code = o.terminal.line("TOTP code for " + o.user + ": ");
      if (code == null || code.isBlank()) {
        throw CliError.failure("admin " + o.user + " has a second factor: give its code with --totp");
      }
      r = client.exchange("POST", "/api/v5/login", body.put("totp", code.strip()));
    }
    if (r.status() != 200) {
      throw client.refusal(r);
    }
    return r.json().path("token").asText();
  }

  private static String code(ManagementClient.Reply r) {
    try {
      return r.json().path("code").asText();
    } catch (CliError notJson) {
      return "";
    }
  }

  private Path dataDir() throws CliError {
    return location().dataDir();
  }

  private ConfigLoader.Location location() throws CliError {
    if (location == null) {
      Path file = o.config != null ? o.config
          : Files.isRegularFile(StartCommand.DEFAULT_CONFIG) ? StartCommand.DEFAULT_CONFIG : null;
      try {
        location = ConfigLoader.locate(file, o.env);
      } catch (ConfigException e) {
        throw new CliError(CliError.USAGE, e.getMessage() + " (berth ctl reads the broker's configuration for"
            + " dashboard.listeners.http.bind and node.data_dir; or give --url and --user/--api-key)");
      }
    }
    return location;
  }
}
