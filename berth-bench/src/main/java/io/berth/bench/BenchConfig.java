package io.berth.bench;

import io.berth.codec.MqttVersion;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * One run, as the command line asked for it, with the scenario's defaults filled in.
 *
 * @param clients publishers, subscribers or pairs (see {@link Scenario}); connections for conn
 * @param rate messages per second per publisher, 0 for as fast as the window allows
 * @param window end-to-end and PUBACK window per publisher; for conn, connections awaiting CONNACK at once
 * @param json where to write the JSON summary, or null
 * @param pid the broker's process id for /proc statistics, or null
 * @param warmupSeconds load before the measured time (throughput and latency scenarios), not counted
 * @param session how the subscribers of throughput scenarios connect (clean, or persistent sessions)
 * @param busyPoll the generator's loops poll for packets instead of sleeping between them
 * @param sources local addresses the connections are spread over, empty for the kernel's choice
 * @param trace where to write every measured message's send and receive time (one subscriber only), or null
 */
public record BenchConfig(
    Scenario scenario,
    String host,
    int port,
    int qos,
    int clients,
    int payload,
    int durationSeconds,
    double rate,
    MqttVersion version,
    Path json,
    String pid,
    int window,
    int threads,
    int warmupSeconds,
    SubscriberSession session,
    boolean busyPoll,
    List<InetAddress> sources,
    Path trace) {
  /** A busy-polling loop sleeps only after this long without a packet, task or timer. */
  static final long BUSY_POLL_NANOS = 1_000_000_000L;

  public BenchConfig {
    if (qos < 0 || qos > 1) {
      throw new IllegalArgumentException("--qos must be 0 or 1");
    }
    if (payload < PublishTemplate.MIN_PAYLOAD || payload > 1 << 20) {
      throw new IllegalArgumentException("--payload must be " + PublishTemplate.MIN_PAYLOAD + " .. 1048576 bytes");
    }
    if (durationSeconds < 1 || durationSeconds > 3600) {
      throw new IllegalArgumentException("--duration must be 1 .. 3600 seconds");
    }
    if (clients < 0 || clients > 100_000) {
      throw new IllegalArgumentException("--clients must be 0 .. 100000");
    }
    if (window < 1 || window > 65_535) {
      throw new IllegalArgumentException("--window must be 1 .. 65535");
    }
    if (rate < 0 || threads < 1 || threads > 64) {
      throw new IllegalArgumentException("--rate must be >= 0 and --threads 1 .. 64");
    }
    if (warmupSeconds < 0 || warmupSeconds > 600) {
      throw new IllegalArgumentException("--warmup must be 0 .. 600 seconds");
    }
    if (trace != null && (scenario == Scenario.CONN || scenario == Scenario.FLOOD)) {
      throw new IllegalArgumentException("--trace is for the fanin, fanout, p2p and latency scenarios");
    }
    if (pid != null && !pid.matches("[0-9]+")) {
      throw new IllegalArgumentException("--pid must be a process id");
    }
  }

  long busyPollNanos() {
    return busyPoll ? BUSY_POLL_NANOS : 0;
  }

  /** A short label for reports: "fanin-q0", "fanin-q1-persistent". */
  public String label() {
    return scenario.label() + (scenario == Scenario.CONN ? "" : "-q" + qos)
        + (session.persistent() ? "-persistent" : "");
  }
}
