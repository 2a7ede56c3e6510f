package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration errors: one line naming the file, line and key, with no stack trace. */
class ConfigErrorsTest extends ConfigFiles {
  @Test
  void portOutOfRange() throws IOException {
    fails("\n\nlisteners.tcp.default.bind = \"0.0.0.0:99999\"").hasMessage(
        where(3) + "listeners.tcp.default.bind = \"0.0.0.0:99999\": port must be 0..65535");
  }

  @Test
  void badBindForms() throws IOException {
    fails("listeners.tcp.default.bind = \"::1:1883\"").hasMessageEndingWith("write an IPv6 address in brackets,"
        + " e.g. \"[::]:1883\"");
    fails("listeners.tcp.default.bind = \"300.1.1.1:1883\"").hasMessageContaining("not an IP address");
    fails("listeners.tcp.default.bind = localhost").hasMessageEndingWith(
        "expected \"host:port\", \"[ipv6]:port\" or a port");
    fails("listeners.tcp.default.bind = true").hasMessageContaining("bind = true: expected \"host:port\"");
  }

  @Test
  void unknownKeySuggestsTheClosest() throws IOException {
    fails("mqtt {\n  max_pakcet_size = 2MB\n}").hasMessage(
        where(2) + "mqtt.max_pakcet_size = \"2MB\": unknown key; did you mean 'max_packet_size'?");
    fails("listeners.tcp.default.bnd = 1884").hasMessage(
        where(1) + "listeners.tcp.default.bnd = 1884: unknown key; did you mean 'bind'?");
    fails("listeners.tcp.default.mqtt.max_qos = 1").hasMessageContaining(
        "listeners.tcp.default.mqtt.max_qos = 1: unknown key; did you mean 'max_qos_allowed'?");
    fails("zone.external.idle_timeout = 15s").hasMessageStartingWith(where(1) + "zone: unknown key (known top-level"
        + " keys: allow_anonymous, authentication, ").hasMessageContaining(" listeners, mqtt, node, ");
  }

  @Test
  void wrongTypes() throws IOException {
    fails("mqtt.max_qos_allowed = \"high\"").hasMessage(
        where(1) + "mqtt.max_qos_allowed = \"high\": expected an integer 0..2");
    fails("mqtt.retain_available = maybe").hasMessage(
        where(1) + "mqtt.retain_available = \"maybe\": expected true or false");
    fails("mqtt.idle_timeout = 15").hasMessage(
        where(1) + "mqtt.idle_timeout = 15: expected a duration such as 15s, 500ms, 5m or 2h (a unit is required)");
    fails("mqtt = 3").hasMessage(where(1) + "mqtt = 3: expected an object { ... }");
    fails("listeners.tcp.default = 1884").hasMessageContaining(
        "listeners.tcp.default = 1884: expected an object { ... } such as { bind = \"0.0.0.0:1883\" }");
    fails("node.name = \"berth\"").hasMessage(
        where(1) + "node.name = \"berth\": expected name@host, e.g. \"berth@127.0.0.1\"");
  }

  @Test
  void nullIsAWrongType() throws IOException {
    fails("mqtt.max_inflight = null").hasMessage(where(1) + "mqtt.max_inflight = null: expected an integer 1..65535");
    fails("node.name = null").hasMessage(where(1) + "node.name = null: expected a string");
    fails("listeners.tcp.default = null").hasMessageContaining("listeners.tcp.default = null: expected an object");
  }

  @Test
  void outOfRangeValues() throws IOException {
    fails("mqtt.max_qos_allowed = 3").hasMessage(where(1) + "mqtt.max_qos_allowed = 3: expected an integer 0..2");
    fails("mqtt.max_packet_size = 300MB").hasMessage(where(1) + "mqtt.max_packet_size = \"300MB\": expected a"
        + " size such as 64KB, 1MB or a number of bytes, 1..268435460");
    fails("mqtt.max_packet_size = 0").hasMessageContaining("1..268435460");
    fails("mqtt.keepalive_multiplier = 0.5").hasMessage(
        where(1) + "mqtt.keepalive_multiplier = 0.5: expected a number >= 1");
    fails("mqtt.max_inflight = 0").hasMessage(where(1) + "mqtt.max_inflight = 0: expected an integer 1..65535");
    fails("mqtt.max_inflight = 65536").hasMessageContaining("expected an integer 1..65535");
    fails("mqtt.max_topic_alias = -1").hasMessageContaining("max_topic_alias = -1: expected an integer 0..65535");
    fails("mqtt.max_clientid_len = 10").hasMessageContaining("expected an integer 23..65535");
    fails("mqtt.server_keepalive = 0").hasMessageContaining("expected disabled or a number of seconds 1..65535");
    fails("mqtt.max_subscriptions = 0").hasMessageContaining("expected infinity or an integer >= 1");
    fails("listeners.tcp.default.max_connections = 0").hasMessageContaining("expected an integer >= 1 or infinity");
    fails("sys_topics.sys_msg_interval = 5").hasMessageContaining("sys_msg_interval = 5: expected a duration")
        .hasMessageContaining("a unit is required");
    fails("sys_topics.sys_msg_interval = 500ms").hasMessageContaining("sys_msg_interval");
  }

  @Test
  void listenerLevelMqttErrorsNameTheListenerKey() throws IOException {
    fails("listeners.tcp.default.mqtt {\n max_inflight = 0\n}").hasMessage(
        where(2) + "listeners.tcp.default.mqtt.max_inflight = 0: expected an integer 1..65535");
  }

  @Test
  void unknownListenerTypes() throws IOException {
    fails("listeners.sctp.default { bind = \"0.0.0.0:14567\" }").hasMessageStartingWith(where(1)
        + "listeners.sctp: unknown key");
  }

  @Test
  void newListenerNeedsABind() throws IOException {
    fails("listeners.tcp.internal { max_connections = 5 }").hasMessage(where(1)
        + "listeners.tcp.internal: missing bind, e.g. listeners.tcp.internal.bind = \"127.0.0.1:11883\"");
  }

  @Test
  void twoListenersOnOnePort() throws IOException {
    fails("listeners.tcp.default.bind = \"127.0.0.1:1883\"\nlisteners.tcp.b.bind = \"127.0.0.1:1883\"")
        .hasMessage(where(2) + "listeners.tcp.b.bind = \"127.0.0.1:1883\": 127.0.0.1:1883 clashes with"
            + " listeners.tcp.default (127.0.0.1:1883, set at " + where(1).replace(": ", "") + "); use another"
            + " port, or disable one with listeners.tcp.default.enable = false");
  }

  @Test
  void wildcardClashesWithAnyHostOnThatPort() throws IOException {
    // The EMQX 4 habit: an "external" listener on 1883 next to a default one the file also keeps.
    fails("listeners.tcp.default.enable = true\nlistener.tcp.external = 127.0.0.1:1883").hasMessageStartingWith(
        where(2) + "listener.tcp.external = 127.0.0.1:1883: 127.0.0.1:1883 clashes with listeners.tcp.default"
        + " (0.0.0.0:1883, set at reference.conf:");
    fails("listeners.tcp.default.enable = true\nlisteners.tcp.v6.bind = \"[::]:1883\"")
        .hasMessageContaining("clashes with listeners.tcp.default");
  }

  @Test
  void ownListenersWithoutDefaultReplaceTheBuiltInOne() throws Exception {
    // A file of EMQX 4 lines means just what it says: no hidden tcp:default beside it.
    BrokerConfig c = load("listener.tcp.external = 0.0.0.0:1883\nlistener.tcp.external.max_connections = 1024");
    assertThat(c.listeners()).extracting(ListenerConfig::id).containsExactly("tcp:external");
    assertThat(named(c, "external").port()).isEqualTo(1883);
    assertThat(named(c, "external").maxConnections()).isEqualTo(1024);
  }

  @Test
  void differentHostsOnOnePortAreFine() throws Exception {
    BrokerConfig c = load("""
        listeners.tcp.default.bind = "127.0.0.1:1883"
        listeners.tcp.b.bind = "127.0.0.2:1883"
        listeners.tcp.c.bind = "127.0.0.1:0"
        listeners.tcp.d.bind = "127.0.0.1:0"
        """);
    assertThat(c.listeners()).filteredOn(l -> l.type().equals("tcp")).hasSize(4);
  }

  @Test
  void syntaxErrorIsOneLineWithFileAndLine() throws IOException {
    fails("mqtt {\n  max_inflight = 3\n").hasMessage(
        where(3) + "unexpected end of file: a '{' or '[' is not closed");
    fails("a = [1,\n2").hasMessageStartingWith(where(2)).satisfies(
        e -> assertThat(e.getMessage()).doesNotContain("\n"));
    fails("node.name = berth@host").hasMessageStartingWith(where(1) + "Expecting end of input or a comma, got '@'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".properties"));
  }

  @Test
  void unresolvedSubstitution() throws IOException {
    fails("mqtt.max_inflight = ${nope}").hasMessage(
        where(1) + "Could not resolve substitution to a value: ${nope}");
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read " + missing + ": no such file");
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of())).hasMessage("cannot read " + dir + ": is a directory");
  }

  @Test
  void errorsCarryNoStackTrace() throws IOException {
    Path f = file("mqtt.max_qos_allowed = 9");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty())
        .satisfies(e -> assertThat(e.getCause()).isNull());
  }
}
