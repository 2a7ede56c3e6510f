package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Publish;
import io.berth.store.StoreFill;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart time with many persistent sessions and queued messages (docs/durability.md): fills a data directory as a
 * broker would have left it ({@link StoreFill}), starts `berth start` on it in a child JVM and measures the time
 * until it listens, then checks that one session got its queue back. Not part of {@code mvn verify}: it runs only
 * with {@code -Dberth.restart.sessions=N} (see README), e.g. 100,000 sessions and 10 messages each.
 */
@EnabledIfSystemProperty(named = "berth.restart.sessions", matches = "[0-9]+")
class RestartTimeTest {
  private static final Pattern RECOVERED = Pattern.compile("Recovered from .* in ([0-9]+) ms[^:]*:");

  @TempDir Path work;

  @Test
  void restartWithManySessionsAndQueuedMessages() throws Exception {
    int sessions = Integer.getInteger("berth.restart.sessions");
    int perSession = Integer.getInteger("berth.restart.queued_per_session", 10);
    int payload = Integer.getInteger("berth.restart.payload", 64);
    String heap = System.getProperty("berth.restart.heap", "2g");
    Path data = Files.createDirectories(work.resolve("data"));

    long fillStart = System.nanoTime();
    StoreFill.Filled filled = StoreFill.fill(data, "restart-", sessions, perSession, payload,
        System.currentTimeMillis());
    long fillMillis = (System.nanoTime() - fillStart) / 1_000_000;
    long diskBytes = du(data);

    long start = System.nanoTime();
    // The JVM's own choices (as bin/berth runs it) besides the heap; -Dberth.restart.jfr=FILE records a profile.
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
    String jfr = System.getProperty("berth.restart.jfr");
    if (jfr != null) {
      jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
    ChildBroker broker = ChildBroker.start(data, work, 1, jvm, 600, "");
    long listenMillis = (System.nanoTime() - start) / 1_000_000;
    long cpuMillis = broker.cpuMillis(); // the machine may be shared: CPU time is the steadier figure
    try {
      String log = broker.log();
      Matcher m = RECOVERED.matcher(log);
      assertThat(m.find()).as("recovery log line in %s", log).isTrue();
      long recoveryMillis = Long.parseLong(m.group(1));
      int queued = receiveQueue(broker.port(), "restart-" + (sessions / 2), perSession);
      System.out.printf("restart time: %,d persistent sessions, %,d queued messages (%d-byte payloads, %,d MB on "
              + "disk; filled in %,d ms); start-up until listening %,d ms (JVM start included, -Xmx%s), of which "
              + "recovery %,d ms; broker CPU time until listening %,d ms; a session's queue back: %d of %d messages%n",
          filled.sessions(), filled.queued(), payload, diskBytes >> 20, fillMillis, listenMillis, heap,
          recoveryMillis, cpuMillis, queued, perSession);
      System.out.println("restart time: " + m.group());
      assertThat(queued).as("messages queued for one session, back after the restart").isEqualTo(perSession);
    } finally {
      broker.stop();
    }
  }

  /** Resumes the session (Clean Session 0) and counts its queued messages. */
  private static int receiveQueue(int port, String clientId, int expected) throws Exception {
    try (RawClient c = RawClient.over(new Socket("127.0.0.1", port))) {
      Connack ack = c.connectOk(MqttVersion.V3_1_1, clientId, false, 60);
      assertThat(ack.sessionPresent()).as("session present").isTrue();
      int n = 0;
      while (n < expected) {
        Publish p = c.receive();
        c.ack(p);
        n++;
      }
      return n;
    }
  }

  private static long du(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
