package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import io.berth.server.listener.ListenerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What SIGHUP and `berth ctl reload` run: the file read again and its listeners applied; a bad file changes nothing. */
class ConfigReloaderTest {
  static final String BASE = "listeners.tcp.default.bind = \"127.0.0.1:0\"\n"
      + "listeners.ws.default.enable = false\ndurability.sync = none\n";
  @TempDir Path dir;
  Path file;
  BrokerServer server;
  ConfigReloader reloader;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("berth.conf");
    Files.writeString(file, BASE);
    var cfg = ConfigLoader.load(file, Map.of());
    server = BrokerServer.start(cfg);
    reloader = new ConfigReloader(file, Map.of(), cfg, server.listeners());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  List<String> ids() {
    return server.listeners().list().stream().filter(ListenerStatus::running).map(ListenerStatus::id).toList();
  }

  @Test
  void addsChangesAndRemovesListeners() throws Exception {
    int port = server.listenerAddress("tcp:default").getPort();
    Files.writeString(file, BASE + "listeners.tcp.extra { bind = \"127.0.0.1:0\", max_connections = 5 }\n");
    ConfigReloader.Result r = reloader.reload();
    assertThat(r.failed()).isFalse();
    assertThat(r.lines()).singleElement().asString().startsWith("tcp:extra added, listening on 127.0.0.1:");
    assertThat(ids()).containsExactly("tcp:default", "tcp:extra");
    assertThat(server.listenerAddress("tcp:default").getPort()).as("untouched").isEqualTo(port);

    Files.writeString(file, BASE + "listeners.tcp.default.max_connections = 9\n");
    r = reloader.reload();
    assertThat(r.lines()).containsExactly("tcp:extra removed (0 connections closed)",
        "tcp:default updated, listening on 127.0.0.1:" + port);
    assertThat(server.listeners().status("tcp:default").maxConnections()).isEqualTo(9);
    assertThat(reloader.reload().lines()).isEmpty();
  }

  @Test
  void anInvalidFileIsRefusedAndNothingChanges() throws Exception {
    Files.writeString(file, BASE + "listeners.tcp.extra.bind = \"127.0.0.1:99999\"\n");
    assertThatThrownBy(reloader::reload).isInstanceOf(ConfigException.class)
        .hasMessage(file + ":4: listeners.tcp.extra.bind = \"127.0.0.1:99999\": port must be 0..65535");
    assertThat(ids()).containsExactly("tcp:default");
    reloader.reloadAndLog(); // the signal's way: logged, never thrown
  }

  @Test
  void aListenerThatCannotStartIsReportedAndTheOthersApplied() throws Exception {
    int port = server.listenerAddress("tcp:default").getPort();
    Files.writeString(file, BASE + "listeners.tcp.clash.bind = \"127.0.0.1:" + port + "\"\n"
        + "listeners.tcp.ok.bind = \"127.0.0.1:0\"\n");
    ConfigReloader.Result r = reloader.reload();
    assertThat(r.failed()).isTrue();
    assertThat(r.lines().get(0)).startsWith("failed: listener tcp:clash: cannot bind 127.0.0.1:" + port);
    assertThat(ids()).containsExactly("tcp:default", "tcp:ok");
  }
}
