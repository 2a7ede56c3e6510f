package io.berth.bench;

import io.berth.codec.MqttVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth bench SCENARIO}: loads an MQTT broker on this machine and reports what it delivered. */
@Command(
    name = "bench",
    description = {
      "Load an MQTT broker on this machine (Berth, Mosquitto, HiveMQ, ...) and measure it.%n",
      "Scenarios: fanin (N publishers -> 1 subscriber), fanout (1 -> N), p2p (N pairs), latency (1 -> 1 at --rate, "
          + "default 10000 msg/s), conn (idle connections, default: the file descriptor limit minus 200), flood (N "
          + "publishers as fast as TCP allows -> 1 slow subscriber, plus a probe pair).%n"
    },
    sortOptions = false)
public final class BenchCommand implements Callable<Integer> {
  /** Where conn spreads its connections when the broker is on loopback (all of 127.0.0.0/8 is local). */
  static final List<String> LOOPBACK_SOURCES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", converter = ScenarioConverter.class,
      description = "fanin, fanout, p2p, latency, conn or flood.")
  Scenario scenario;

  @Option(names = "-h", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Broker host (default: ${DEFAULT-VALUE}); --pid figures need the broker on this machine.")
  String host;

  @Option(names = "-p", paramLabel = "PORT", defaultValue = "1883", description = "Broker port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--qos", paramLabel = "0|1", defaultValue = "0", description = "QoS of publishes and subscriptions.")
  int qos;

  @Option(names = "--clients", paramLabel = "N", defaultValue = "0",
      description = "Publishers/subscribers/pairs (fanin/fanout/p2p: 10, flood: 4) or connections (conn).")
  int clients;

  @Option(names = "--payload", paramLabel = "BYTES", defaultValue = "64", description = "Payload size (min 20).")
  int payload;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", converter = SecondsConverter.class,
      description = "Measured time (conn: idle hold time), e.g. 10 or 10s.")
  int duration;

  @Option(names = "--warmup", paramLabel = "SECONDS", converter = SecondsConverter.class,
      description = "Load before the measured time, not counted (fanin/fanout/p2p/latency; default 1, latency 5: "
          + "the generator's own code is compiled by then).")
  Integer warmup;

  @Option(names = "--rate", paramLabel = "MSG/S", defaultValue = "0",
      description = "Messages per second per publisher; 0 = as fast as the window allows (latency: 10000).")
  double rate;

  @Option(names = "--mqtt", paramLabel = "3.1.1|5", defaultValue = "3.1.1", converter = VersionConverter.class,
      description = "Protocol version (default: ${DEFAULT-VALUE}).")
  MqttVersion version;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
  Path json;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Also write each measured message's send and receive time (nanoseconds, CLOCK_MONOTONIC) to FILE, "
          + "for bench/episodes.py: the first subscriber's messages, in runs with a fixed rate (latency, or --rate).")
  Path trace;

  @Option(names = "--pid", paramLabel = "PID", description = "The broker's process id: CPU and RSS from /proc.")
  String pid;

  @Option(names = "--window", paramLabel = "K", defaultValue = "64",
      description = "Messages in flight per publisher, end to end and awaiting PUBACK; conn: CONNACKs awaited at once.")
  int window;

  @Option(names = "--threads", paramLabel = "N", description = "Generator event loops (default: CPUs available, max 4).")
  Integer threads;

  @Option(names = "--clean", paramLabel = "true|false", defaultValue = "true", arity = "1",
      description = "Subscribers' Clean Session (3.1.1) / Clean Start (5); false: persistent sessions (fanin/fanout/"
          + "p2p/latency), so a durable broker writes each QoS 1 message before acknowledging it.")
  boolean clean;

  @Option(names = "--session-expiry", paramLabel = "SECONDS", defaultValue = "0",
      description = "MQTT 5 subscribers' Session Expiry Interval; above 0 their sessions are persistent.")
  long sessionExpiry;

  @Option(names = "--busy-poll", paramLabel = "true|false", arity = "1",
      description = "The generator's loops poll for packets instead of sleeping, so that its own wake-ups (tens of "
          + "microseconds, up to milliseconds on a virtual machine) do not count as the broker's latency; costs the "
          + "generator's core (default: true for latency, false otherwise).")
  Boolean busyPoll;

  @Option(names = "--ifaddr", paramLabel = "ADDR[,ADDR...]", split = ",",
      description = "Local addresses to spread the connections over (default: the kernel's choice; conn to a 127.x "
          + "broker: 127.0.0.1 to 127.0.0.4, because one source address runs short of ports near 14,000 connections).")
  List<String> ifaddr;

  @Option(names = "--help", usageHelp = true, description = "Show this help.")
  boolean help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      BenchConfig cfg = config();
      Report report = new BenchRunner(cfg, out).run();
      out.println("summary (" + cfg.label() + ", " + host + ":" + port + "):");
      report.printSummary(out);
      if (cfg.json() != null) {
        Files.writeString(cfg.json(), report.toJson());
      }
      return 0;
    } catch (BenchException | IllegalArgumentException e) {
      err.println("berth bench: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("berth bench: cannot write " + json + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  BenchConfig config() {
    int loops = threads != null ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("-p must be 1 .. 65535");
    }
    return new BenchConfig(scenario, host, port, qos, clients, payload, duration, rate, version, json, pid, window,
        loops, warmup != null ? warmup : scenario.defaultWarmupSeconds(), SubscriberSession.of(clean, sessionExpiry, version),
        busyPoll != null ? busyPoll : scenario == Scenario.LATENCY, sources(), trace);
  }

  /** --ifaddr, or the conn scenario's loopback sources when the broker is on a 127.x address. */
  private List<InetAddress> sources() {
    if (ifaddr != null) {
      return ifaddr.stream().map(BenchCommand::address).toList();
    }
    if (scenario == Scenario.CONN && Clients.resolve(host, 1).getAddress() instanceof Inet4Address a
        && a.isLoopbackAddress()) {
      return LOOPBACK_SOURCES.stream().map(BenchCommand::address).toList();
    }
    return List.of();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--ifaddr: unknown address " + literal);
    }
  }

  /** A short random id: client ids and topics of this run never collide with another's. */
  static String runId() {
    return Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
  }

  static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
    @Override
    public Scenario convert(String s) {
      try {
        return Scenario.parse(s);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class VersionConverter implements CommandLine.ITypeConverter<MqttVersion> {
    @Override
    public MqttVersion convert(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "3.1.1", "311", "4" -> MqttVersion.V3_1_1;
        case "5", "5.0" -> MqttVersion.V5;
        default -> throw new CommandLine.TypeConversionException("expected 3.1.1 or 5, not '" + s + "'");
      };
    }
  }

  static final class SecondsConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      String t = s.strip().toLowerCase(Locale.ROOT);
      t = t.endsWith("s") ? t.substring(0, t.length() - 1) : t;
      try {
        return Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("expected seconds (10 or 10s), not '" + s + "'");
      }
    }
  }
}
