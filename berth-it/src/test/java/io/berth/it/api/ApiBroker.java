package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.BrokerService;
import io.berth.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A broker as {@code berth start} runs it, with the management API on 127.0.0.1:0 and its data directory in a
 * temporary directory of the test.
 */
final class ApiBroker implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";
  final Path dir;
  final Path file;
  final Path data;
  final BrokerService service;
  final Api api;

  private ApiBroker(Path dir, Path file, BrokerService service) {
    this.dir = dir;
    this.file = file;
    this.data = dir.resolve("data");
    this.service = service;
    this.api = new Api(service.api().port());
  }

  /** Starts a broker on {@code dir} (its berth.conf is written the first time; later starts reuse it). */
  static ApiBroker start(Path dir, String extraConf) throws Exception {
    Path file = dir.resolve("berth.conf");
    if (!Files.exists(file)) {
      Files.writeString(file, "node.data_dir = \"" + dir.resolve("data") + "\"\n"
          + "durability.sync = none\nlisteners.tcp.default.bind = \"127.0.0.1:0\"\n"
          + "listeners.ws.default.enable = false\ndashboard.listeners.http.bind = \"127.0.0.1:0\"\n" + extraConf);
    }
    return new ApiBroker(dir, file, BrokerService.start(ConfigLoader.load(file, Map.of()), file, Map.of()));
  }

  /** "tcp://127.0.0.1:PORT" of tcp:default, for MQTT clients. */
  String mqttUri() {
    return "tcp://127.0.0.1:" + service.server().listenerAddress("tcp:default").getPort();
  }

  String initialPassword() throws Exception {
    return Files.readString(data.resolve("initial_admin_password")).strip();
  }

  /** Logs in with the generated password, changes it to {@link #PASSWORD}; returns a token. */
  String adminToken() throws Exception {
    String token = api.post("/api/v5/login", null, Api.json("username", "admin", "password", initialPassword()))
        .is(200).json().get("token").asText();
    api.post("/api/v5/users/me/password", Api.bearer(token), Api.json("old_password", initialPassword(),
        "new_password", PASSWORD)).is(204);
    return token;
  }

  String login(String password) throws Exception {
    Api.Reply r = api.post("/api/v5/login", null, Api.json("username", "admin", "password", password)).is(200);
    assertThat(r.json().get("token").asText()).hasSize(43);
    return r.json().get("token").asText();
  }

  @Override
  public void close() {
    service.close();
  }
}
