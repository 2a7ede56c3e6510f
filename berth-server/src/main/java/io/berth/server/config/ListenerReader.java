package io.berth.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.berth.core.MqttSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code listeners.<type>.*} (tcp, ssl, ws, wss, quic, unix) into {@link ListenerConfig}s and refuses two
 * enabled listeners on one socket (or one socket file).
 */
final class ListenerReader {
  private final Problems problems;
  private final Config referenceListeners;
  private final Config globalMqtt;
  private final MqttSettings global;
  private final Config root;
  private final AuthenticationConfig globalAuthentication;

  /**
   * @param referenceListeners reference.conf's listeners: a new listener of a type inherits everything but the bind
   *     from that type's default
   * @param globalMqtt the resolved global mqtt block, under a listener's own
   * @param root the resolved configuration, whose authentication keys are under a listener's own
   */
  ListenerReader(Problems problems, Config referenceListeners, Config globalMqtt, MqttSettings global, Config root,
      AuthenticationConfig globalAuthentication) {
    this.root = root;
    this.globalAuthentication = globalAuthentication;
    this.problems = problems;
    this.referenceListeners = referenceListeners;
    this.globalMqtt = globalMqtt;
    this.global = global;
  }

  /** One entry per bind: which listener, and where its bind was set (for the duplicate message). */
  private record Bound(ListenerConfig listener, BindAddress bind, ConfigValue value, String key) {}

  /** @param listeners the merged {@code listeners} object */
  List<ListenerConfig> read(ConfigObject listeners) throws ConfigException {
    List<Bound> bound = new ArrayList<>();
    for (String type : ListenerConfig.TYPES) {
      if (listeners.get(type) instanceof ConfigObject ofType) {
        for (String name : ofType.keySet().stream().sorted().toList()) {
          bound.add(one(type, name, (ConfigObject) ofType.get(name)));
        }
      }
    }
    checkClashes(bound);
    return bound.stream().map(Bound::listener).toList();
  }

  private Bound one(String type, String name, ConfigObject own) throws ConfigException {
    String prefix = ConfigUtil.joinPath("listeners", type, name);
    String where = type.equals("unix") ? "path" : "bind"; // a unix listener binds a file
    if (!own.containsKey(where)) {
      throw problems.atKey(own.origin(), prefix, "missing " + where + ", e.g. " + prefix + "." + where + " = "
          + (type.equals("unix") ? "\"/run/berth/mqtt.sock\"" : "\"127.0.0.1:11883\""));
    }
    Config template = referenceListeners.getConfig(ConfigUtil.joinPath(type, "default")).withoutPath(where);
    if (!name.equals("default")) { // ssl.default and wss.default are off until certificates exist; a new one is on
      template = template.withValue("enable", ConfigValueFactory.fromAnyRef(true, "a listener you define"));
    }
    Config merged = own.toConfig().withFallback(template);
    Fields f = new Fields(merged, prefix, problems);
    boolean enabled = f.bool("enable");
    BindAddress bind = type.equals("unix") ? null : bind(f);
    int maxConnections = MqttSettingsReader.isWord(f, "max_connections", "infinity")
        ? Integer.MAX_VALUE
        : maxConnections(f);
    ConfigObject ownMqtt = own.containsKey("mqtt") && own.get("mqtt").valueType() == ConfigValueType.OBJECT
        ? (ConfigObject) own.get("mqtt")
        : null;
    MqttSettings mqtt = ownMqtt == null || ownMqtt.isEmpty()
        ? global
        : MqttSettingsReader.read(new Fields(ownMqtt.toConfig().withFallback(globalMqtt), prefix + ".mqtt",
            problems));
    boolean quic = type.equals("quic");
    TlsOptions tls = ListenerConfig.hasTls(type) ? TlsOptionsReader.read(f, enabled)
        : quic ? TransportOptionsReader.quicTls(f, enabled) : null;
    WebSocketOptions ws = ListenerConfig.isWebSocket(type)
        ? WebSocketOptionsReader.read(f, mqtt.maxPacketSize()) : null;
    ProxyProtocolOptions proxy = ListenerConfig.canUseProxyProtocol(type)
        ? TransportOptionsReader.proxyProtocol(f) : null;
    ListenerConfig listener = new ListenerConfig(type, name, bind == null ? "" : bind.host(),
        bind == null ? 0 : bind.port(), enabled, maxConnections, mqtt, tls, ws, proxy,
        quic ? TransportOptionsReader.quic(f) : null, bind == null ? TransportOptionsReader.unix(f) : null,
        GateOptionsReader.read(f, type.equals("unix")), authentication(own, prefix));
    return new Bound(listener, bind, f.value(where), f.path(where));
  }

  /** The listener's own authentication keys over the global ones; the global config when it sets none. */
  private AuthenticationConfig authentication(ConfigObject own, String prefix) throws ConfigException {
    List<String> keys = List.of("authentication", "allow_anonymous", "enable_authn");
    if (keys.stream().noneMatch(own::containsKey)) {
      return globalAuthentication;
    }
    Config merged = own.toConfig();
    for (String k : keys) {
      if (!own.containsKey(k)) {
        merged = merged.withValue(k, root.getValue(k));
      }
    }
    return new AuthenticationReader(problems).read(new Fields(merged, prefix, problems));
  }

  private static BindAddress bind(Fields f) throws ConfigException {
    ConfigValue v = f.value("bind");
    if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER) {
      throw f.problem("bind", BindAddress.ALLOWED);
    }
    try {
      return BindAddress.parse(String.valueOf(v.unwrapped()));
    } catch (IllegalArgumentException e) {
      throw f.problem("bind", e.getMessage());
    }
  }

  private static int maxConnections(Fields f) throws ConfigException {
    Long n = Fields.integer(f.value("max_connections"));
    if (n == null || n < 1 || n > Integer.MAX_VALUE) {
      throw f.problem("max_connections", "expected an integer >= 1 or infinity");
    }
    return n.intValue();
  }

  private void checkClashes(List<Bound> bound) throws ConfigException {
    for (int i = 0; i < bound.size(); i++) {
      for (int j = i + 1; j < bound.size(); j++) {
        Bound a = bound.get(i);
        Bound b = bound.get(j);
        if (a.listener().enabled() && b.listener().enabled() && sameSocket(a, b)) {
          // Blame the one the operator wrote last: a file line over a default, the environment over both.
          boolean blameB = rank(b.value().origin()) >= rank(a.value().origin());
          throw clash(blameB ? b : a, blameB ? a : b);
        }
      }
    }
  }

  /** Same socket: TCP listeners among themselves, quic (UDP) among themselves, unix by file. */
  private static boolean sameSocket(Bound a, Bound b) {
    if (a.bind() == null || b.bind() == null) {
      return a.bind() == b.bind() && a.listener().unix().path().toAbsolutePath().normalize()
          .equals(b.listener().unix().path().toAbsolutePath().normalize());
    }
    boolean udpA = a.listener().type().equals("quic");
    return udpA == b.listener().type().equals("quic") && a.bind().clashesWith(b.bind());
  }

  private ConfigException clash(Bound culprit, Bound other) {
    String otherName = ConfigUtil.joinPath("listeners", other.listener().type(), other.listener().name());
    return problems.at(culprit.value(), culprit.key(), where(culprit) + " clashes with " + otherName + " ("
        + where(other) + ", set at " + problems.where(other.value().origin()) + "); use another port, or"
        + " disable one with " + otherName + ".enable = false");
  }

  private static String where(Bound b) {
    return b.bind() == null ? b.listener().unix().path().toString() : b.bind().toString();
  }

  /** Defaults 0, the file 1..n by line, the environment last. */
  private static long rank(ConfigOrigin o) {
    if (o.resource() != null) {
      return 0;
    }
    return o.lineNumber() >= 0 ? 1 + o.lineNumber() : Long.MAX_VALUE;
  }
}
