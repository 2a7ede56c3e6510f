package io.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.MqttSettings;
import io.berth.server.config.ListenerConfig;
import io.berth.server.config.TlsOptions;
import io.berth.server.config.TlsOptions.CertField;
import io.berth.server.tls.TestCerts;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ListenerManager on real loopback sockets: add, update, stop, start, remove, reload, certificate rotation. */
class ListenerManagerTest {
  static final MqttSettings MQTT = MqttSettings.defaults();
  static TestLoops loops;
  static ListenerContext context;

  @TempDir Path dir;
  TestCerts certs;
  ListenerManager manager;

  @BeforeAll
  static void loops() {
    loops = new TestLoops();
    context = loops.context;
  }

  @AfterAll
  static void stopLoops() {
    loops.close();
  }

  @BeforeEach
  void manager() throws Exception {
    certs = new TestCerts(dir);
    manager = new ListenerManager(context, 2_000, Duration.ofMillis(100));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static ListenerConfig tcp(String name, int port, int max) {
    return new ListenerConfig("tcp", name, "127.0.0.1", port, true, max, MQTT);
  }

  ListenerConfig ssl(String name, String cert, String key) {
    TlsOptions tls = new TlsOptions(dir.resolve(cert), dir.resolve(key), null, dir.resolve("ca.pem"), false, false,
        10, List.of("TLSv1.3", "TLSv1.2"), List.of(), 5_000, CertField.DISABLED, CertField.DISABLED, null);
    return new ListenerConfig("ssl", name, "127.0.0.1", 0, true, 100, MQTT, tls, null);
  }

  int port(String id) throws Exception {
    return manager.address(id).getPort();
  }

  ListenerStatus statusOf(String id) {
    try {
      return manager.status(id);
    } catch (ListenerException e) {
      throw new AssertionError(e);
    }
  }

  static boolean accepts(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** True when the peer closed {@code s} within the timeout, false when it stayed open. */
  static boolean closedByPeer(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    try (InputStream in = s.getInputStream()) {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void addListStopStartRemove() throws Exception {
    manager.startAll(List.of(tcp("default", 0, 100), new ListenerConfig("tcp", "off", "127.0.0.1", 0, false, 5,
        MQTT)));
    assertThat(manager.list()).extracting(ListenerStatus::id, ListenerStatus::running)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("tcp:default", true),
            org.assertj.core.groups.Tuple.tuple("tcp:off", false));
    assertThat(manager.add(tcp("extra", 0, 10))).startsWith("tcp:extra added, listening on 127.0.0.1:");
    int extra = port("tcp:extra");
    try (Socket probe = new Socket("127.0.0.1", extra)) { // the client's connect returns before the server counts it
      await(() -> statusOf("tcp:extra").connections() == 1);
    }
    assertThatThrownBy(() -> manager.add(tcp("extra", 0, 10))).isInstanceOfSatisfying(ListenerException.class,
        e -> assertThat(e.kind()).isEqualTo(ListenerException.Kind.EXISTS));

    // the probe is closed; wait until the listener has seen it go, then stop
    await(() -> statusOf("tcp:extra").connections() == 0);
    assertThat(manager.stop("tcp:extra")).isEqualTo("tcp:extra stopped (0 connections closed)");
    assertThat(accepts(extra)).isFalse();
    assertThat(manager.status("tcp:extra").running()).isFalse();
    assertThat(manager.stop("tcp:extra")).isEqualTo("tcp:extra is stopped already");
    assertThat(manager.start("tcp:extra")).startsWith("tcp:extra started");
    assertThat(accepts(port("tcp:extra"))).isTrue();
    assertThat(manager.start("tcp:off")).startsWith("tcp:off started"); // enable = false does not forbid a start

    assertThat(manager.remove("tcp:extra")).startsWith("tcp:extra removed");
    assertThat(manager.list()).extracting(ListenerStatus::id).containsExactly("tcp:default", "tcp:off");
    assertThatThrownBy(() -> manager.stop("tcp:extra")).isInstanceOfSatisfying(ListenerException.class,
        e -> assertThat(e).hasMessage("no listener tcp:extra; listeners: tcp:default, tcp:off"));
  }

  @Test
  void stopClosesItsConnectionsOnlyAndCountsThem() throws Exception {
    manager.startAll(List.of(tcp("a", 0, 100), tcp("b", 0, 100)));
    try (Socket a = new Socket("127.0.0.1", port("tcp:a")); Socket b = new Socket("127.0.0.1", port("tcp:b"))) {
      // counted, and in the group a stop closes (the gate adds it there a moment after counting it)
      ConnectionGate gateA = manager.gate("tcp:a");
      ConnectionGate gateB = manager.gate("tcp:b");
      await(() -> manager.list().stream().allMatch(s -> s.connections() == 1)
          && gateA.channels().size() == 1 && gateB.channels().size() == 1);
      assertThat(manager.stop("tcp:a")).isEqualTo("tcp:a stopped (1 connections closed)");
      assertThat(closedByPeer(a, 5_000)).isTrue();
      assertThat(closedByPeer(b, 300)).as("the other listener's client").isFalse();
      await(() -> manager.list().get(0).connections() == 0);
    }
  }

  @Test
  void updateMovesTheBindNewSocketFirst() throws Exception {
    manager.startAll(List.of(tcp("default", 0, 100)));
    int old = port("tcp:default");
    try (Socket before = new Socket("127.0.0.1", old)) {
      // accepted first: a connection still in the kernel's backlog is reset when the old socket closes
      long accepted = System.nanoTime() + 5_000_000_000L;
      while (manager.status("tcp:default").connections() < 1 && System.nanoTime() < accepted) {
        Thread.sleep(10);
      }
      assertThat(manager.update(tcp("default", freePort(), 100))).contains("updated, listening on 127.0.0.1:")
          .contains("(no longer on 127.0.0.1:" + old + ")");
      int moved = port("tcp:default");
      assertThat(moved).isNotEqualTo(old);
      assertThat(accepts(moved)).isTrue();
      assertThat(accepts(old)).isFalse();
      assertThat(manager.status("tcp:default").connections()).isGreaterThanOrEqualTo(1);
      // last: closedByPeer closes the socket it reads from
      assertThat(closedByPeer(before, 300)).as("a connection made before the move stays").isFalse();
    }
  }

  @Test
  void updateToABusyPortKeepsTheOldListener() throws Exception {
    manager.startAll(List.of(tcp("default", 0, 100)));
    int old = port("tcp:default");
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> manager.update(tcp("default", taken.getLocalPort(), 100)))
          .isInstanceOfSatisfying(ListenerException.class, e -> assertThat(e.getMessage())
              .startsWith("listener tcp:default: cannot bind 127.0.0.1:" + taken.getLocalPort() + ": ")
              .containsIgnoringCase("address already in use"));
    }
    assertThat(port("tcp:default")).isEqualTo(old);
    assertThat(accepts(old)).isTrue();
    assertThat(manager.status("tcp:default").bind()).isEqualTo("127.0.0.1:" + old);
  }

  @Test
  void updateOnTheSameBindKeepsTheSocketAndAppliesTheLimit() throws Exception {
    manager.startAll(List.of(tcp("default", 0, 100)));
    int port = port("tcp:default");
    assertThat(manager.update(tcp("default", 0, 100))).isEqualTo("tcp:default unchanged");
    assertThat(manager.update(tcp("default", 0, 1))).isEqualTo("tcp:default updated, listening on 127.0.0.1:"
        + port);
    assertThat(manager.status("tcp:default").maxConnections()).isEqualTo(1);
    try (Socket first = new Socket("127.0.0.1", port)) {
      // the two accepts may be handled on different event loops: let the gate count the first one before the second
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (manager.status("tcp:default").connections() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      try (Socket second = new Socket("127.0.0.1", port)) {
        assertThat(closedByPeer(second, 5_000)).as("over max_connections = 1").isTrue();
        assertThat(closedByPeer(first, 300)).isFalse();
      }
    }
  }

  @Test
  void updateWithABadCertificateKeepsTheOldOne() throws Exception {
    manager.startAll(List.of(ssl("default", "server.pem", "server.key")));
    int port = port("ssl:default");
    assertThatThrownBy(() -> manager.update(ssl("default", "expired.pem", "expired.key")))
        .isInstanceOf(ListenerException.class).hasMessageContaining("ssl_options.certfile")
        .hasMessageContaining("certificate expired on");
    assertThat(manager.status("ssl:default").certificate().subject()).isEqualTo("CN=localhost,O=Berth");
    assertThat(port("ssl:default")).isEqualTo(port);
  }

  @Test
  void disablingStopsAndApplyFollowsTheConfiguration() throws Exception {
    manager.startAll(List.of(tcp("a", 0, 100), tcp("b", 0, 100)));
    ListenerConfig bOff = new ListenerConfig("tcp", "b", "127.0.0.1", 0, false, 100, MQTT);
    List<String> lines = manager.apply(List.of(tcp("a", 0, 100), bOff, tcp("c", 0, 7)));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("tcp:b updated: disabled, stopped (0 connections closed)");
    assertThat(lines.get(1)).startsWith("tcp:c added, listening on ");
    assertThat(manager.list()).extracting(ListenerStatus::id, ListenerStatus::running).containsExactly(
        org.assertj.core.groups.Tuple.tuple("tcp:a", true), org.assertj.core.groups.Tuple.tuple("tcp:b", false),
        org.assertj.core.groups.Tuple.tuple("tcp:c", true));
    assertThat(manager.apply(List.of(tcp("c", 0, 7)))).containsExactly("tcp:a removed (0 connections closed)",
        "tcp:b removed (0 connections closed)");
  }

  @Test
  void changedCertificateFilesAreNoticedByTheWatcher() throws Exception {
    Path cert = dir.resolve("live.pem");
    Path key = dir.resolve("live.key");
    Files.copy(dir.resolve("server.pem"), cert);
    Files.copy(dir.resolve("server.key"), key);
    manager.startAll(List.of(ssl("default", "live.pem", "live.key")));
    String first = manager.status("ssl:default").certificate().serial();

    // Written elsewhere, then moved in: the watcher sees the new pair (every 100 ms here)
    certs.writeServer("rotated", dir.resolve("new.pem"), dir.resolve("new.key"));
    Files.move(dir.resolve("new.key"), key, StandardCopyOption.REPLACE_EXISTING);
    Files.move(dir.resolve("new.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
    await(() -> manager.list().get(0).certificate().subject().equals("CN=rotated,O=Berth"));
    assertThat(manager.list().get(0).certificate().serial()).isNotEqualTo(first);
  }

  @Test
  void reloadOnRequestRefusesBadFilesThenReloadsThenFindsThemUnchanged() throws Exception {
    manager.close();
    manager = new ListenerManager(context, 2_000, Duration.ZERO); // no watcher: only this test's calls reload
    Path cert = dir.resolve("live.pem");
    Path key = dir.resolve("live.key");
    certs.writeServer("rotated", cert, key);
    manager.startAll(List.of(ssl("default", "live.pem", "live.key")));

    // A key that is not the certificate's: refused, the rotated certificate stays
    Files.copy(dir.resolve("other.key"), key, StandardCopyOption.REPLACE_EXISTING);
    ListenerManager.CertReport report = manager.reloadCertificates();
    assertThat(report.failed()).isTrue();
    assertThat(report.lines()).singleElement().asString().startsWith("ssl:default: new certificate files refused: "
        + "ssl_options.keyfile = \"" + key + "\": the key does not match the certificate (CN=rotated,O=Berth)")
        .contains("; keeping CN=rotated,O=Berth");
    assertThat(manager.list().get(0).certificate().subject()).isEqualTo("CN=rotated,O=Berth");

    // Put right again: back to "unchanged" once the files are the ones in use
    certs.writeServer("third", cert, key);
    report = manager.reloadCertificates();
    assertThat(report.failed()).isFalse();
    assertThat(report.lines()).singleElement().asString().startsWith("ssl:default: certificate reloaded: "
        + "CN=third,O=Berth, serial ");
    assertThat(manager.reloadCertificates().lines()).singleElement().asString()
        .startsWith("ssl:default: unchanged, CN=third,O=Berth");
  }

  @Test
  void aListenerThatCannotStartLeavesNoneOpen() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> manager.startAll(List.of(tcp("a", 0, 10), tcp("b", taken.getLocalPort(), 10))))
          .isInstanceOf(ListenerException.class).hasMessageContaining("listener tcp:b: cannot bind");
    }
    assertThat(manager.list()).isEmpty();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
