package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared fixture of the configuration tests: a berth.conf written into a fresh directory per test, loaded by the
 * real {@link ConfigLoader}, and the one-line error messages it gives ("FILE:LINE: ...").
 */
abstract class ConfigFiles {
  @TempDir Path dir;

  Path file(String text) throws IOException {
    Path f = dir.resolve("berth.conf");
    Files.writeString(f, text);
    return f;
  }

  BrokerConfig load(String text) throws Exception {
    return ConfigLoader.load(file(text), Map.of());
  }

  AbstractThrowableAssert<?, ? extends Throwable> fails(String text, Map<String, String> env) throws IOException {
    Path f = file(text);
    return assertThatThrownBy(() -> ConfigLoader.load(f, env)).isInstanceOf(ConfigException.class);
  }

  AbstractThrowableAssert<?, ? extends Throwable> fails(String text) throws IOException {
    return fails(text, Map.of());
  }

  /** The "FILE:LINE: " prefix of an error about that line of berth.conf. */
  String where(int line) {
    return dir.resolve("berth.conf") + ":" + line + ": ";
  }

  /** A listener by id ("ssl:devices"). */
  static ListenerConfig listener(BrokerConfig c, String id) {
    return c.listeners().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
  }

  /** The first listener with that name ("default"), whatever its type. */
  static ListenerConfig named(BrokerConfig c, String name) {
    return c.listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }
}
