package io.berth.server.cli;

import io.berth.codec.MqttProperties;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.server.client.ClientException;
import io.berth.server.client.MqttClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth sub}: subscribes and prints each message on its own line, acknowledging it as its QoS requires. */
@Command(name = "sub", description = "Subscribe and print messages (like mosquitto_sub).")
final class SubCommand implements Callable<Integer> {
  private static final int SUBSCRIBE_ID = 1;

  @Mixin ConnectOptions connection;

  @Option(names = "-t", paramLabel = "FILTER", required = true, description = "Topic filter (repeatable).")
  List<String> filters;

  @Option(names = "-q", paramLabel = "QOS", defaultValue = "0", converter = ConnectOptions.QosConverter.class,
      description = "Maximum QoS requested, 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "-v", description = "Print \"topic payload\" instead of the payload alone.")
  boolean verbose;

  @Option(names = "-C", paramLabel = "COUNT", converter = Positive.class,
      description = "Exit after COUNT messages.")
  Integer count;

  @Option(names = "-W", paramLabel = "SECONDS", converter = Positive.class,
      description = "Stop after SECONDS; an error (exit 1) if -C messages have not all arrived by then.")
  Integer waitSeconds;

  @Option(names = "--help", usageHelp = true, description = "Show this help.")
  boolean help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliError, ClientException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (MqttClient client =
        MqttClient.connect(connection.transport(), connection.toConnect("sub"))) {
      client.send(new Subscribe(SUBSCRIBE_ID, filters.stream().map(f -> Subscription.of(f, qos)).toList(),
          MqttProperties.NONE));
      long start = System.currentTimeMillis();
      long stopAt = waitSeconds == null ? Long.MAX_VALUE : start + waitSeconds * 1000L;
      long subackBy = start + MqttClient.TIMEOUT_MILLIS;
      boolean subscribed = false;
      int received = 0;
      Set<Integer> awaitingRel = new HashSet<>(); // QoS 2 messages printed, PUBREL still to come
      long relBy = Long.MAX_VALUE;
      while (count == null || received < count || !awaitingRel.isEmpty()) {
        boolean done = count != null && received >= count;
        long until = done ? relBy : Math.min(stopAt, subscribed ? Long.MAX_VALUE : subackBy);
        MqttPacket p = client.next(Math.max(0, until - System.currentTimeMillis()));
        if (p == null) {
          if (done) {
            throw timedOut("PUBREL");
          }
          if (!subscribed && System.currentTimeMillis() >= subackBy) {
            throw timedOut("SUBACK");
          }
          if (count == null) {
            break; // -W alone bounds how long we listen: not an error
          }
          throw CliError.failure("timed out after " + waitSeconds + " s (received " + received + " of " + count
              + " messages)");
        }
        if (p instanceof Suback s && s.packetId() == SUBSCRIBE_ID) {
          checkGranted(s);
          subscribed = true;
        } else if (p instanceof Publish m) {
          if (!done && deliver(client, m, awaitingRel, out)) {
            received++;
            if (count != null && received >= count) {
              relBy = System.currentTimeMillis() + MqttClient.TIMEOUT_MILLIS;
            }
          }
          m.payload().release();
        } else if (p instanceof PubRel r) {
          awaitingRel.remove(r.packetId());
          client.send(new PubComp(r.packetId()));
        }
      }
      client.disconnect();
    }
    return 0;
  }

  /** Acknowledges and prints a message; false for a QoS 2 re-send already printed (it is only acknowledged). */
  private boolean deliver(MqttClient client, Publish m, Set<Integer> awaitingRel, PrintWriter out) {
    boolean isNew = true;
    if (m.qos() == 1) {
      client.send(new PubAck(m.packetId()));
    } else if (m.qos() == 2) {
      isNew = awaitingRel.add(m.packetId());
      client.send(new PubRec(m.packetId()));
    }
    if (isNew) {
      String payload = m.payload().toString(StandardCharsets.UTF_8);
      out.println(verbose ? m.topic() + " " + payload : payload);
      out.flush();
    }
    return isNew;
  }

  private void checkGranted(Suback s) throws CliError {
    List<Integer> codes = s.reasonCodes();
    for (int i = 0; i < codes.size() && i < filters.size(); i++) {
      int code = codes.get(i);
      if (ReasonCode.isError(code)) {
        String reason = connection.version.isV5() ? ReasonCode.describe(code) : String.format("0x%02X Failure", code);
        throw CliError.failure("subscription to '" + filters.get(i) + "' refused by broker: " + reason);
      }
    }
  }

  private static CliError timedOut(String what) {
    return CliError.failure("timed out after " + MqttClient.TIMEOUT_MILLIS / 1000 + " s waiting for " + what);
  }

  static final class Positive implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      return ConnectOptions.inRange(s, 1, Integer.MAX_VALUE);
    }
  }
}
