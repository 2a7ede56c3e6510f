package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.core.security.ban.Durations;
import io.berth.server.cli.CliError;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code berth ctl banned add|list|remove}: {@code /api/v5/banned}, the running broker's bans (kept across starts). */
@Command(name = "banned", description = "Ban clients by client id, user name, address, network or regular"
    + " expression; list and remove bans.")
final class BannedCommand implements Runnable {
  private static final String KINDS = "clientid, username, peerhost, cidr, clientid_re or username_re";
  private static final String BASE = "/api/v5/banned";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");
  /** The "by" of bans made here, as the list shows it. */
  static final String BY = "berth ctl";

  @ParentCommand CtlCommand ctl;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", description = "The bans in force: kind, value, until, created, by, reason.")
  int list(@Option(names = "--page", paramLabel = "N", defaultValue = "1") int page,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Bans per page") int limit)
      throws CliError {
    return ctl.call(api -> {
      ctl.print(api.get(BASE + "?page=" + page + "&limit=" + limit), Tables::bans);
      return 0;
    });
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
    long millis = duration(duration);
    ObjectNode body = ManagementClient.JSON.createObjectNode().put("as", kind.toLowerCase(Locale.ROOT))
        .put("who", value).put("by", BY).put("reason", reason == null ? "" : reason.replace('\n', ' '));
    // "infinity" said outright: an API left without "until" may pick an end of its own (EMQX: a year)
    body.put("until", millis > 0 ? Instant.now().plusMillis(millis).toString() : "infinity");
    return ctl.call(api -> {
      ctl.print(api.post(BASE, body), b -> List.of(added(b, millis)));
      return 0;
    });
  }

  private static String added(JsonNode b, long millis) {
    String as = Tables.banKind(b.path("as").asText());
    boolean address = as.equals("peerhost") || as.equals("cidr");
    return "banned " + as + " " + b.path("who").asText() + (millis < 0 ? " until removed"
        : " for " + Durations.text(millis) + ", until " + b.path("until").asText())
        + (address ? "; its connections are closed" : "; a connected client is disconnected");
  }

  @Command(name = "remove", description = "Lift a ban.")
  int remove(
      @Option(names = "--as", required = true, paramLabel = "KIND", description = KINDS) String kind,
      @Parameters(paramLabel = "VALUE") String value) throws CliError {
    String path = BASE + "/" + ManagementClient.segment(kind) + "/" + ManagementClient.segment(value, true);
    return ctl.call(api -> {
      ctl.print(api.delete(path), none -> List.of("removed the ban on " + kind + " " + value));
      return 0;
    });
  }

  /** Milliseconds, or -1 for forever. */
  private static long duration(String s) throws CliError {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.equals("forever") || t.equals("infinity")) {
      return -1;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw CliError.failure("duration '" + s + "': expected e.g. 90s, 30m, 1h or 7d, or forever");
    }
    long unit = switch (m.group(2)) {
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
    return Long.parseLong(m.group(1)) * unit;
  }
}
