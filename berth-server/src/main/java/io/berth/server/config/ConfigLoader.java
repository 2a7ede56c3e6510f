package io.berth.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.berth.core.MqttSettings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the broker's configuration: reference.conf (defaults), then the user's file (HOCON, with EMQX 4 listener
 * lines allowed), then BERTH_* environment variables, each over the one before. Everything is checked here, once;
 * the first problem stops start-up with a one-line {@link ConfigException}.
 */
public final class ConfigLoader {
  private static final String REFERENCE = "reference.conf";

  private ConfigLoader() {}

  /**
   * @param file the user's configuration, or null for the defaults alone
   * @param env the process environment (tests pass their own map)
   */
  public static BrokerConfig load(Path file, Map<String, String> env) throws ConfigException {
    return load(file, env, ConfigFactory.empty(), null);
  }

  /**
   * As {@link #load(Path, Map)}, with {@code extra} over everything else, and {@code apiOverrides} as the management
   * API's listener overrides instead of {@link ListenerOverrides#FILE} in the data directory: the API checks a
   * change this way, exactly as the next start will read it, before it applies and saves it.
   *
   * @param apiOverrides the overrides to use, or null to read the data directory's file
   */
  public static BrokerConfig load(Path file, Map<String, String> env, Config extra, Config apiOverrides)
      throws ConfigException {
    Merged m = merge(file, env, extra, apiOverrides);
    try {
      List<String> warnings = new ArrayList<>();
      Config merged = ObsoleteKeys.remove(m.config(), m.problems(), warnings);
      new SchemaCheck(m.reference(), m.problems()).check(merged.root());
      return build(m.source(), merged, m.problems(), warnings);
    } catch (com.typesafe.config.ConfigException e) {
      // Our checks should leave Typesafe nothing to complain about; if it still does, keep it to one line.
      throw typesafe(e, m.problems());
    }
  }

  /** Where {@code berth ctl} finds the running broker: its management API and its data directory (ctl.key). */
  public record Location(String source, DashboardConfig dashboard, Path dataDir) {}

  /**
   * Only the management API's block and node.data_dir, read as {@link #load} reads them but without checking the
   * rest: a mistake elsewhere in the file (one that {@code berth ctl reload} is about to report) must not keep
   * {@code berth ctl} from finding the broker.
   */
  public static Location locate(Path file, Map<String, String> env) throws ConfigException {
    Merged m = merge(file, env, ConfigFactory.empty(), null);
    try {
      Fields root = new Fields(m.config(), "", m.problems());
      String dataDir = root.string("node.data_dir").strip();
      return new Location(m.source(), DashboardConfig.read(root), Path.of(dataDir.isEmpty() ? "data" : dataDir));
    } catch (com.typesafe.config.ConfigException | java.nio.file.InvalidPathException e) {
      throw new ConfigException(m.source() + ": dashboard or node.data_dir: " + e.getMessage().split("\n")[0]);
    }
  }

  /** The layers merged and resolved, not yet checked. */
  private record Merged(String source, Config config, ConfigObject reference, Problems problems) {}

  private static Merged merge(Path file, Map<String, String> env, Config extra, Config apiOverrides)
      throws ConfigException {
    ConfigObject reference = reference();
    Config user = ConfigFactory.empty();
    Map<Integer, Emqx4Lines.Line> legacyLines = Map.of();
    if (file != null) {
      String label = file.toString();
      Emqx4Lines.Split split = Emqx4Lines.split(read(file), label);
      // EMQX 4 lines are explicit about one value, so they win over HOCON in the same file.
      user = parse(split.translated(), label).withFallback(parse(split.hocon(), label));
      legacyLines = split.byLine();
    }
    Problems problems = new Problems(legacyLines);
    try {
      Config operator = EnvOverrides.from(env, reference.keySet()).withFallback(user);
      Config api = apiOverrides != null ? apiOverrides : ListenerOverrides.read(dataDir(operator, reference));
      // Precedence: reference.conf < the file < BERTH_* variables < the API's overrides < extra.
      Config overrides = extra.withFallback(api.withFallback(operator));
      // The built-in listeners (tcp, ssl, ws, wss "default") stay out of a configuration that defines listeners of
      // its own and names none of them, so a file of EMQX 4 lines ("listener.tcp.external = 0.0.0.0:1883") means
      // just what it says. Only the operator's own keys decide: a listener added through the API keeps the rest.
      boolean ownListenersOnly = operator.root().containsKey("listeners")
          && ListenerConfig.TYPES.stream().noneMatch(t -> operator.hasPathOrNull("listeners." + t + ".default"));
      Config defaults = ownListenersOnly
          ? reference.toConfig().withoutPath("listeners") : reference.toConfig();
      Config merged = ListenerOverrides.withoutRemoved(overrides.withFallback(defaults), api);
      merged = resolve(merged, env, problems);
      return new Merged(file == null ? "defaults" : file.toString(), merged, reference, problems);
    } catch (com.typesafe.config.ConfigException e) {
      throw typesafe(e, problems);
    }
  }

  private static BrokerConfig build(String source, Config merged, Problems problems, List<String> warnings)
      throws ConfigException {
    Fields root = new Fields(merged, "", problems);
    String nodeName = root.string("node.name");
    if (!nodeName.matches("[^@\\s]+@[^@\\s]+")) {
      throw root.problem("node.name", "expected name@host, e.g. \"berth@127.0.0.1\"");
    }
    long shutdownMillis = root.durationMillis("shutdown_timeout", 0, 3_600_000);
    Config globalMqtt = merged.getConfig("mqtt");
    MqttSettings mqtt = MqttSettingsReader.read(new Fields(globalMqtt, "mqtt", problems));
    Config referenceListeners = reference().toConfig().getConfig("listeners");
    AuthenticationConfig authentication = new AuthenticationReader(problems).read(root);
    List<ListenerConfig> listeners = !merged.hasPath("listeners") ? List.of()
        : new ListenerReader(problems, referenceListeners, globalMqtt, mqtt, merged, authentication)
            .read(merged.getObject("listeners"));
    String dataDir = root.string("node.data_dir").strip();
    if (dataDir.isEmpty()) {
      throw root.problem("node.data_dir", "expected a directory, e.g. \"data\" or \"/var/lib/berth\"");
    }
    return new BrokerConfig(source, nodeName, listeners, mqtt, shutdownMillis,
        warnings, Path.of(dataDir), DefencesReader.flapping(root),
        DefencesReader.authenticationBan(root), overload(root), new AuthorizationReader(problems).read(root),
        DurabilityConfig.read(root, Path.of(dataDir)), DashboardConfig.read(root),
        sysMsgInterval(root));
  }

  /** sys_topics.sys_msg_interval: a duration of 1s..1d, or 0 (as EMQX writes it) for off. */
  private static long sysMsgInterval(Fields root) throws ConfigException {
    String key = "sys_topics.sys_msg_interval";
    Object v = root.value(key).unwrapped();
    if (v instanceof Number n && n.doubleValue() == 0 || "0".equals(String.valueOf(v).strip())) {
      return 0;
    }
    return root.durationMillis(key, 1_000, 86_400_000);
  }

  /** node.data_dir before resolution (where the overrides file is); "data" if it is not a plain string. */
  private static Path dataDir(Config operator, ConfigObject reference) {
    try {
      String dir = operator.withFallback(reference).getString("node.data_dir").strip();
      return Path.of(dir.isEmpty() ? "data" : dir);
    } catch (com.typesafe.config.ConfigException | java.nio.file.InvalidPathException e) {
      return Path.of("data"); // a substitution or a bad value: build() reports it
    }
  }

  private static OverloadConfig overload(Fields root) throws ConfigException {
    double high = root.numberAtLeast("overload_protection.high_watermark", 0.1);
    double low = root.numberAtLeast("overload_protection.low_watermark", 0.05);
    if (high > 0.99) {
      throw root.problem("overload_protection.high_watermark", "expected a share of memory 0.1..0.99, e.g. 0.85");
    }
    if (low >= high) {
      throw root.problem("overload_protection.low_watermark", "expected a share below high_watermark ("
          + high + "), e.g. 0.75");
    }
    return new OverloadConfig(root.bool("overload_protection.enable"), high, low);
  }

  private static ConfigObject reference() {
    Config ref = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), REFERENCE);
    if (ref.isEmpty()) {
      throw new IllegalStateException(REFERENCE + " is missing from the class path: the jar is broken");
    }
    return ref.root();
  }

  private static String read(Path file) throws ConfigException {
    try {
      String text = Files.readString(file);
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new ConfigException("cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException("cannot read " + file + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new ConfigException("cannot read " + file + ": not UTF-8 text");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "is a directory" : String.valueOf(e.getMessage());
      throw new ConfigException("cannot read " + file + ": " + why);
    }
  }

  private static Config parse(String text, String label) throws ConfigException {
    try {
      return ConfigFactory.parseString(
          text, ConfigParseOptions.defaults().setOriginDescription(label).setSyntax(ConfigSyntax.CONF));
    } catch (com.typesafe.config.ConfigException e) {
      throw typesafe(e, new Problems(Map.of()));
    }
  }

  /**
   * Substitutions (${mqtt.max_inflight}, ${?VAR}) look in the configuration, then in {@code env}: the variables are
   * added as root keys for the resolution only, then taken out again (Typesafe's resolveWith with a separate source
   * fails on keys that are both defaulted and substituted).
   */
  private static Config resolve(Config merged, Map<String, String> env, Problems problems)
      throws ConfigException {
    Config withEnv = merged;
    List<String> added = new ArrayList<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!merged.root().containsKey(e.getKey())) {
        String path = ConfigUtil.joinPath(e.getKey());
        added.add(path);
        withEnv = withEnv.withValue(path,
            ConfigValueFactory.fromAnyRef(e.getValue(), "environment variable " + e.getKey()));
      }
    }
    try {
      Config resolved = withEnv.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
      for (String path : added) {
        resolved = resolved.withoutPath(path);
      }
      return resolved;
    } catch (com.typesafe.config.ConfigException e) {
      throw typesafe(e, problems);
    }
  }

  /** Typesafe's "file: 3: text" as our "file:3: text", on one line. */
  private static ConfigException typesafe(com.typesafe.config.ConfigException e, Problems problems) {
    String message = String.valueOf(e.getMessage()).replace('\n', ' ')
        .replace(", or you may be able to rename the file .properties rather than .conf", "")
        // Typesafe's words for an object or list left open at the end of the file.
        .replace("expecting a close parentheses ')' here, not: end of file",
            "unexpected end of file: a '{' or '[' is not closed");
    ConfigOrigin origin = e.origin();
    if (origin != null && message.startsWith(origin.description() + ": ")) {
      message = problems.where(origin) + ": " + message.substring(origin.description().length() + 2);
    }
    return new ConfigException(message);
  }
}
