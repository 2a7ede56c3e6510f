package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.berth.core.MqttSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration loader: defaults, keys and their settings, the environment, EMQX 4 lines. See ConfigErrorsTest. */
class ConfigLoaderTest extends ConfigFiles {
  // ---- defaults and mapping ----

  @Test
  void defaultsComeFromReferenceConf() throws Exception {
    BrokerConfig c = ConfigLoader.load(null, Map.of());
    assertThat(c.source()).isEqualTo("defaults");
    assertThat(c.nodeName()).isEqualTo("berth@127.0.0.1");
    assertThat(c.shutdownTimeoutMillis()).isEqualTo(10_000);
    assertThat(c.mqtt()).isEqualTo(MqttSettings.defaults());
    assertThat(c.listeners()).extracting(ListenerConfig::id, ListenerConfig::port, ListenerConfig::enabled)
        .containsExactly(tuple("tcp:default", 1883, true), tuple("ssl:default", 8883, false),
            tuple("ws:default", 8083, true), tuple("wss:default", 8084, false), tuple("quic:default", 14567, false),
            tuple("unix:default", 0, false));
    assertThat(c.listeners().get(0)).isEqualTo(
        new ListenerConfig("tcp", "default", "0.0.0.0", 1883, true, 1_024_000, MqttSettings.defaults()));
  }

  @Test
  void sysMsgIntervalIsADurationOrZeroForOff() throws Exception {
    assertThat(ConfigLoader.load(null, Map.of()).sysMsgIntervalMillis()).isEqualTo(60_000);
    assertThat(load("sys_topics.sys_msg_interval = 10s").sysMsgIntervalMillis()).isEqualTo(10_000);
    assertThat(load("sys_topics.sys_msg_interval = 0").sysMsgIntervalMillis()).isZero();
    assertThat(load("sys_topics.sys_msg_interval = \"0\"").sysMsgIntervalMillis()).isZero();
  }

  @Test
  void shippedBerthConfLoads() throws Exception {
    // Surefire runs in berth-server/; etc/ is at the repository root.
    Path shipped = Path.of("..", "etc", "berth.conf");
    BrokerConfig c = ConfigLoader.load(shipped, Map.of());
    // ssl and wss are defined but off until `berth certs init` has written their files
    assertThat(c.listeners()).extracting(ListenerConfig::id, ListenerConfig::enabled).containsExactly(
        tuple("tcp:default", true), tuple("ssl:default", false), tuple("ws:default", true),
        tuple("wss:default", false), tuple("quic:default", false), tuple("unix:default", false));
    assertThat(c.mqtt()).isEqualTo(MqttSettings.defaults());
  }

  @Test
  void everyMqttKeyMapsToItsSetting() throws Exception {
    BrokerConfig c = load("""
        node.name = "b1@10.0.0.1"
        shutdown_timeout = 30s
        mqtt {
          max_packet_size = 64KB
          max_clientid_len = 100
          max_topic_levels = 16
          max_qos_allowed = 1
          max_topic_alias = 10
          retain_available = false
          wildcard_subscription = false
          shared_subscription = false
          max_inflight = 64
          max_mqueue_len = 500
          mqueue_store_qos0 = false
          max_awaiting_rel = 50
          session_expiry_interval = 1d
          keepalive_multiplier = 2
          server_keepalive = 60
          idle_timeout = 500ms
          max_subscriptions = 20
        }
        """);
    assertThat(c.nodeName()).isEqualTo("b1@10.0.0.1");
    assertThat(c.shutdownTimeoutMillis()).isEqualTo(30_000);
    assertThat(c.mqtt()).isEqualTo(new MqttSettings(
        65536, 100, 16, 1, 10, false, false, false, 64, 500, false, 50, 86_400, 2.0, 60, 500, 20,
        io.berth.core.RateLimits.NONE));
    assertThat(named(c, "default").mqtt()).isEqualTo(c.mqtt());
  }

  @Test
  void sizesAcceptUnitsAndPlainBytes() throws Exception {
    assertThat(load("mqtt.max_packet_size = 1MB").mqtt().maxPacketSize()).isEqualTo(1_048_576);
    assertThat(load("mqtt.max_packet_size = 2048").mqtt().maxPacketSize()).isEqualTo(2048);
    assertThat(load("mqtt.max_packet_size = \"16kb\"").mqtt().maxPacketSize()).isEqualTo(16_384);
    assertThat(load("mqtt.max_packet_size = 256MB").mqtt().maxPacketSize()).isEqualTo(268_435_456);
  }

  @Test
  void durationsAndSpecialWords() throws Exception {
    BrokerConfig c = load("mqtt { session_expiry_interval = 90m, server_keepalive = disabled, "
        + "max_subscriptions = infinity, idle_timeout = 2s }");
    assertThat(c.mqtt().sessionExpiryInterval()).isEqualTo(5400);
    assertThat(c.mqtt().serverKeepAlive()).isZero();
    assertThat(c.mqtt().maxSubscriptions()).isZero();
    assertThat(c.mqtt().connectTimeoutMillis()).isEqualTo(2000);
  }

  @Test
  void bindForms() throws Exception {
    ListenerConfig port = named(load("listeners.tcp.default.bind = 1884"), "default");
    assertThat(port.host()).isEqualTo("0.0.0.0");
    assertThat(port.port()).isEqualTo(1884);
    ListenerConfig v6 = named(load("listeners.tcp.default.bind = \"[::]:1885\""), "default");
    assertThat(v6.host()).isEqualTo("::");
    assertThat(v6.port()).isEqualTo(1885);
    ListenerConfig local = named(load("listeners.tcp.default.bind = \"127.0.0.1:0\""), "default");
    assertThat(local.host()).isEqualTo("127.0.0.1");
    assertThat(local.port()).isZero();
  }

  @Test
  void secondListenerInheritsDefaultsAndGlobalMqtt() throws Exception {
    BrokerConfig c = load("""
        mqtt.max_inflight = 10
        listeners.tcp.default.bind = "0.0.0.0:1883"
        listeners.tcp.internal { bind = "127.0.0.1:11883", max_connections = 100 }
        """);
    assertThat(c.listeners()).extracting(ListenerConfig::id)
        .containsExactly("tcp:default", "tcp:internal", "ssl:default", "ws:default", "wss:default", "quic:default",
            "unix:default");
    ListenerConfig internal = named(c, "internal");
    assertThat(internal.enabled()).isTrue();
    assertThat(internal.maxConnections()).isEqualTo(100);
    assertThat(internal.mqtt().maxInflight()).isEqualTo(10);
  }

  @Test
  void listenerMqttBlockOverridesTheGlobalOne() throws Exception {
    BrokerConfig c = load("""
        mqtt { max_inflight = 10, max_qos_allowed = 2 }
        listeners.tcp.default.mqtt { max_qos_allowed = 1 }
        listeners.tcp.other { bind = 1999 }
        """);
    assertThat(named(c, "default").mqtt().maxQos()).isEqualTo(1);
    assertThat(named(c, "default").mqtt().maxInflight()).isEqualTo(10);
    assertThat(named(c, "other").mqtt()).isEqualTo(c.mqtt());
    assertThat(c.mqtt().maxQos()).isEqualTo(2);
  }

  @Test
  void disabledListenerIsKeptAndMayShareAPort() throws Exception {
    BrokerConfig c = load("""
        listeners.tcp.default.enable = false
        listeners.tcp.external.bind = "0.0.0.0:1883"
        """);
    assertThat(named(c, "default").enabled()).isFalse();
    assertThat(named(c, "external").enabled()).isTrue();
  }

  @Test
  void substitutionsReadTheConfigAndTheGivenEnvironment() throws Exception {
    BrokerConfig c = ConfigLoader.load(
        file("mqtt.max_inflight = 7\nmqtt.max_awaiting_rel = ${mqtt.max_inflight}\nnode.name = ${?NODE}"),
        Map.of("NODE", "x@y"));
    assertThat(c.mqtt().maxAwaitingRel()).isEqualTo(7);
    assertThat(c.nodeName()).isEqualTo("x@y");
  }

  @Test
  void anOldAdminSocketLineIsIgnoredWithAWarning() throws Exception {
    BrokerConfig c = ConfigLoader.load(file("admin.socket = \"data/berth-admin.sock\"\nmqtt.max_inflight = 7"),
        Map.of());
    assertThat(c.mqtt().maxInflight()).isEqualTo(7);
    assertThat(c.warnings()).singleElement().asString().endsWith(":1: admin.socket is no longer used and is"
        + " ignored: berth ctl now talks to the management REST API (dashboard.listeners.http, key in"
        + " node.data_dir/ctl.key; docs/api.md#berth-ctl). Remove the line.");
    assertThat(ConfigLoader.load(null, Map.of()).warnings()).isEmpty();
  }

  @Test
  void locateReadsTheApiAndTheDataDirectoryOfAFileWithErrorsElsewhere() throws Exception {
    ConfigLoader.Location l = ConfigLoader.locate(file("node.data_dir = \"/var/lib/b\"\n"
        + "dashboard.listeners.http.bind = \"0.0.0.0:28083\"\nmqtt.max_inflight = 0\n"), Map.of());
    assertThat(l.dataDir()).isEqualTo(Path.of("/var/lib/b"));
    assertThat(l.dashboard().host()).isEqualTo("0.0.0.0");
    assertThat(l.dashboard().port()).isEqualTo(28083);
  }

  // ---- environment ----

  @Test
  void environmentOverridesTheFile() throws Exception {
    BrokerConfig c = ConfigLoader.load(file("listeners.tcp.default.bind = \"0.0.0.0:1884\""), Map.of(
        "BERTH_LISTENERS__TCP__DEFAULT__BIND", "127.0.0.1:11883",
        "BERTH_MQTT__MAX_INFLIGHT", "99",
        "BERTH_MQTT__RETAIN_AVAILABLE", "false",
        "BERTH_SHUTDOWN_TIMEOUT", "3s",
        "BERTH_HOME", "/opt/berth",
        "PATH", "/usr/bin"));
    assertThat(named(c, "default").host()).isEqualTo("127.0.0.1");
    assertThat(named(c, "default").port()).isEqualTo(11883);
    assertThat(c.mqtt().maxInflight()).isEqualTo(99);
    assertThat(c.mqtt().retainAvailable()).isFalse();
    assertThat(c.shutdownTimeoutMillis()).isEqualTo(3000);
  }

  @Test
  void environmentAloneWithoutFile() throws Exception {
    BrokerConfig c = ConfigLoader.load(null, Map.of("BERTH_LISTENERS__TCP__EXTRA__BIND", "2883"));
    assertThat(named(c, "extra").port()).isEqualTo(2883);
  }

  @Test
  void badEnvironmentValueNamesTheVariable() throws IOException {
    fails("", Map.of("BERTH_MQTT__MAX_QOS_ALLOWED", "3")).hasMessage(
        "environment variable BERTH_MQTT__MAX_QOS_ALLOWED: mqtt.max_qos_allowed = \"3\": expected an integer 0..2");
  }

  @Test
  void misspeltEnvironmentKeys() throws IOException {
    fails("", Map.of("BERTH_MQQT__MAX_INFLIGHT", "3")).hasMessageStartingWith(
        "environment variable BERTH_MQQT__MAX_INFLIGHT: unknown key 'mqqt'; did you mean 'mqtt'?");
    fails("", Map.of("BERTH_MQTT__MAX_INFLIGT", "3")).hasMessage("environment variable BERTH_MQTT__MAX_INFLIGT:"
        + " mqtt.max_infligt = \"3\": unknown key; did you mean 'max_inflight'?");
  }

  // ---- EMQX 4 lines ----

  @Test
  void emqx4PortOnly() throws Exception {
    ListenerConfig l = named(load("listener.tcp.default = 1884"), "default");
    assertThat(l.host()).isEqualTo("0.0.0.0");
    assertThat(l.port()).isEqualTo(1884);
    assertThat(l.maxConnections()).isEqualTo(1_024_000);
  }

  @Test
  void emqx4IpPortAndMaxConnections() throws Exception {
    BrokerConfig c = load("""
        listener.tcp.default = 1884
        listener.tcp.external = 127.0.0.1:1883
        listener.tcp.external.max_connections = 1024
        """);
    ListenerConfig ext = named(c, "external");
    assertThat(ext.host()).isEqualTo("127.0.0.1");
    assertThat(ext.port()).isEqualTo(1883);
    assertThat(ext.maxConnections()).isEqualTo(1024);
    assertThat(ext.enabled()).isTrue();
  }

  @Test
  void emqx4LinesMixWithHocon() throws Exception {
    BrokerConfig c = load("""
        # an EMQX 4 file with a few EMQX 5 keys
        mqtt.max_inflight = 16
        listener.tcp.default = 127.0.0.1:1884
        listeners.tcp.default { max_connections = 50, mqtt.max_qos_allowed = 1 }
        listener.tcp.default.max_connections = 60
        """);
    ListenerConfig d = named(c, "default");
    assertThat(d.port()).isEqualTo(1884);
    assertThat(d.maxConnections()).isEqualTo(60);
    assertThat(d.mqtt().maxQos()).isEqualTo(1);
    assertThat(d.mqtt().maxInflight()).isEqualTo(16);
  }

  @Test
  void emqx4QuicLinesAreNotRead() throws IOException {
    fails("mqtt.max_inflight = 3\nlistener.quic.external = 14567\n").hasMessage(where(2)
        + "listener.quic.external = 14567: EMQX 4 lines are read for tcp, ssl, ws, wss only; write"
        + " listeners.quic.<name> { bind = \"0.0.0.0:14567\", ssl_options { ... } }");
  }

  @Test
  void emqx4UnsupportedSuffixes() throws IOException {
    fails("listener.tcp.external = 1884\nlistener.tcp.external.max_conn_rate = 1000")
        .hasMessageStartingWith(where(2) + "listener.tcp.external.max_conn_rate = 1000: unknown or unsupported EMQX 4"
            + " listener setting 'max_conn_rate'");
    fails("listener.tcp.external.max_conections = 10").hasMessageContaining("did you mean 'max_connections'?");
  }

  @Test
  void emqx4BadValueIsShownAsWritten() throws IOException {
    fails("\nlistener.tcp.external = 0.0.0.0:70000").hasMessage(
        where(2) + "listener.tcp.external = 0.0.0.0:70000: port must be 0..65535");
    fails("listener.tcp.default.max_connections = lots").hasMessage(
        where(1) + "listener.tcp.default.max_connections = lots: expected an integer >= 1 or infinity");
  }
}
