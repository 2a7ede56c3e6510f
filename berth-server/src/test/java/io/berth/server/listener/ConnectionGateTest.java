package io.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.MqttSettings;
import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanList;
import io.berth.server.config.AccessRules;
import io.berth.server.config.GateOptions;
import io.berth.server.config.ListenerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate on a real loopback listener: what it refuses, how it counts and how it logs (rate-limited lines). */
class ConnectionGateTest {
  static TestLoops loops;
  static ListenerContext context;

  final AtomicLong nanos = new AtomicLong();
  final List<String> lines = new CopyOnWriteArrayList<>();
  final BanList bans = BanList.inMemory(System::currentTimeMillis);
  Listener listener;

  @BeforeAll
  static void loops() {
    loops = new TestLoops();
    context = loops.context;
  }

  @AfterAll
  static void stopLoops() {
    loops.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.stop();
    }
  }

  ConnectionGate start(GateOptions options, int maxConnections) throws IOException {
    ListenerConfig c = new ListenerConfig("tcp", "gated", "127.0.0.1", 0, true, maxConnections,
        MqttSettings.defaults()).withGate(options);
    ConnectionGate gate = new ConnectionGate(c, bans, new RefusalLog(c.id(), 10_000, nanos::get, lines::add));
    listener = new Listener(c, gate);
    listener.start(context);
    return gate;
  }

  /** True when the broker closes a connection from {@code source} (within 10 s: a stalled broker is not "open"). */
  boolean refused(String source) throws IOException {
    return closedWithin(source, 10_000);
  }

  /** True when a connection from {@code source} is still open after a moment. */
  boolean keptOpen(String source) throws IOException {
    return !closedWithin(source, 300);
  }

  private boolean closedWithin(String source, int millis) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(listener.boundAddress(), 2_000);
      s.setSoTimeout(millis);
      InputStream in = s.getInputStream();
      try {
        return in.read() < 0;
      } catch (SocketTimeoutException open) {
        return false;
      } catch (SocketException reset) {
        return true;
      }
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void accessRulesRefuseAndLogOneLinePerInterval() throws Exception {
    ConnectionGate gate = start(new GateOptions(AccessRules.parse(List.of("deny 127.0.0.1", "allow all")),
        Double.POSITIVE_INFINITY), 100);
    assertThat(refused("127.0.0.1")).isTrue();
    assertThat(refused("127.0.0.1")).isTrue();
    assertThat(keptOpen("127.0.0.2")).isTrue();
    assertThat(gate.counters().accessRules()).isEqualTo(2);
    assertThat(lines).singleElement().asString().startsWith("listener tcp:gated: connection refused by access_rules"
        + " from /127.0.0.1:").endsWith(": access_rules: deny 127.0.0.1");
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
    assertThat(refused("127.0.0.1")).isTrue();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).endsWith("(1 more refused since the last line)");
  }

  @Test
  void bannedAddressesAreRefusedUntilUnbanned() throws Exception {
    ConnectionGate gate = start(GateOptions.OPEN, 100);
    bans.add(Ban.of(BanKind.CIDR, "127.0.0.0/30", "", "test", System.currentTimeMillis(), Ban.FOREVER));
    assertThat(refused("127.0.0.2")).isTrue();
    assertThat(keptOpen("127.0.0.5")).isTrue();
    assertThat(gate.counters().banned()).isEqualTo(1);
    assertThat(lines).singleElement().asString().contains("connection from a banned address refused");
    bans.remove(BanKind.CIDR, "127.0.0.0/30");
    assertThat(keptOpen("127.0.0.2")).isTrue();
  }

  @Test
  void theRateAndMaxConnectionsAreCountedApart() throws Exception {
    ConnectionGate gate = start(new GateOptions(AccessRules.ALLOW_ALL, 0.1), 100); // one per 10 s, burst 1
    assertThat(keptOpen("127.0.0.1")).isTrue();
    assertThat(refused("127.0.0.1")).isTrue();
    assertThat(gate.counters().connRate()).isEqualTo(1);
    assertThat(lines).singleElement().asString().endsWith("more than 0.100 new connections a second"
        + " (max_conn_rate)");
    listener.stop();
    ConnectionGate full = start(GateOptions.OPEN, 1);
    try (Socket first = new Socket("127.0.0.1", listener.boundAddress().getPort())) {
      waitFor(() -> full.currentConnections() == 1);
      assertThat(refused("127.0.0.1")).isTrue();
      assertThat(full.counters().maxConnections()).isEqualTo(1);
      assertThat(full.currentConnections()).isEqualTo(1);
    }
    waitFor(() -> full.currentConnections() == 0);
  }
}
