package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management API's overrides file, read over berth.conf and the environment at every start. */
class ListenerOverridesTest {
  @TempDir Path dir;

  private BrokerConfig load(String conf, String overrides, Map<String, String> env) throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve(ListenerOverrides.FILE), overrides);
    Path f = dir.resolve("berth.conf");
    Files.writeString(f, "node.data_dir = \"" + data + "\"\n" + conf);
    return ConfigLoader.load(f, env);
  }

  private static ListenerConfig listener(BrokerConfig c, String id) {
    return c.listeners().stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
  }

  @Test
  void overridesWinOverTheFileAndTheEnvironmentAndNullRemovesAListener() throws Exception {
    BrokerConfig c = load("listeners.tcp.default { bind = \"127.0.0.1:1883\", max_connections = 10 }\n",
        "listeners.tcp.default.max_connections = 20\nlisteners.ws.default = null\n"
            + "listeners.tcp.api { bind = \"127.0.0.1:1999\" }\n",
        Map.of("BERTH_LISTENERS__TCP__DEFAULT__MAX_CONNECTIONS", "30"));
    assertThat(listener(c, "tcp:default").maxConnections()).isEqualTo(20);
    assertThat(listener(c, "tcp:default").port()).isEqualTo(1883); // the file's bind, merged under
    assertThat(listener(c, "ws:default")).isNull();
    assertThat(listener(c, "tcp:api").port()).isEqualTo(1999);
    assertThat(listener(c, "tcp:api").enabled()).isTrue();
  }

  @Test
  void anAddedListenerKeepsTheBuiltInOnesOfAFileWithoutListeners() throws Exception {
    BrokerConfig c = load("", "listeners.tcp.api { bind = \"127.0.0.1:1999\" }\n", Map.of());
    assertThat(listener(c, "tcp:default")).isNotNull();
    assertThat(listener(c, "tcp:api")).isNotNull();
  }

  @Test
  void errorsNameTheOverridesFileAndLine() throws Exception {
    assertThatThrownBy(() -> load("", "\nlisteners.tcp.api { bind = \"127.0.0.1:1999\", max_connections = 0 }\n",
        Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ListenerOverrides.FILE + ":2: listeners.tcp.api.max_connections = 0: expected");
    assertThatThrownBy(() -> load("", "mqtt.max_qos_allowed = 1\n", Map.of()))
        .hasMessageContaining("only listeners.* may be set here");
  }
}
