package io.berth.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.berth.server.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The listener changes made through the management API, kept in {@code <node.data_dir>/listeners.override.conf}
 * (HOCON) so that the operator's own file is never rewritten. It is read over etc/berth.conf and the BERTH_*
 * environment, so the last change made through the API wins; {@code listeners.<type>.<name> = null} removes a
 * listener the file defines.
 */
public final class ListenerOverrides {
  public static final String FILE = "listeners.override.conf";
  private static final String HEADER = "# Written by Berth's management API (/api/v5/listeners): read after"
      + " etc/berth.conf at every start.\n# Edit it while the broker is stopped, or delete it to return to"
      + " etc/berth.conf alone. \"= null\" removes a listener.\n";

  private ListenerOverrides() {}

  /** The overrides file of a data directory, or an empty configuration when there is none. */
  public static Config read(Path dataDir) throws ConfigException {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return ConfigFactory.empty();
    }
    Config c;
    try {
      c = ConfigFactory.parseString(Files.readString(file),
          ConfigParseOptions.defaults().setOriginDescription(file.toString()).setSyntax(ConfigSyntax.CONF));
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(String.valueOf(e.getMessage()).replace('\n', ' '));
    }
    for (String key : c.root().keySet()) {
      if (!key.equals("listeners")) {
        throw new ConfigException(file + ": " + key + ": only listeners.* may be set here (put other keys in"
            + " etc/berth.conf)");
      }
    }
    return c;
  }

  /** Writes the overrides (mode 600, atomically: a crash leaves the old file or the new one). */
  public static void write(Path dataDir, Config overrides) throws IOException {
    String text = overrides.root().render(ConfigRenderOptions.defaults().setOriginComments(false)
        .setComments(false).setJson(false).setFormatted(true));
    SecretFiles.writeAtomically(dataDir.resolve(FILE), HEADER + text);
  }

  /**
   * The merged configuration without the listeners the overrides set to null (a null elsewhere, say in berth.conf,
   * stays an error of that file).
   */
  static Config withoutRemoved(Config merged, Config overrides) {
    if (!(overrides.root().get("listeners") instanceof ConfigObject listeners)) {
      return merged;
    }
    Config out = merged;
    for (Map.Entry<String, ConfigValue> type : listeners.entrySet()) {
      if (type.getValue() instanceof ConfigObject names) {
        for (Map.Entry<String, ConfigValue> name : names.entrySet()) {
          String path = ConfigUtil.joinPath("listeners", type.getKey(), name.getKey());
          if (name.getValue().valueType() == ConfigValueType.NULL && out.hasPathOrNull(path)
              && out.getIsNull(path)) {
            out = out.withoutPath(path);
          }
        }
      }
    }
    return out;
  }
}
