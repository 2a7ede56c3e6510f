package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.net.Cidr;
import io.berth.core.security.ban.AuthenticationBanSettings;
import io.berth.core.security.ban.FlappingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** access_rules, max_conn_rate, node.data_dir, flapping_detect and authentication_ban. */
class GateConfigTest extends ConfigFiles {
  static AccessRules rules(String... texts) {
    return AccessRules.parse(List.of(texts));
  }

  static boolean allows(AccessRules r, String address) {
    return r.allows(Cidr.parseAddress(address));
  }

  @Test
  void firstMatchWinsAndNoMatchAllows() {
    AccessRules r = rules("allow 10.0.0.0/8", "allow 127.0.0.1", "deny all");
    assertThat(allows(r, "10.200.0.1")).isTrue();
    assertThat(allows(r, "127.0.0.1")).isTrue();
    assertThat(allows(r, "127.0.0.2")).isFalse();
    assertThat(allows(r, "::1")).isFalse();
    AccessRules denyOne = rules("deny 192.168.1.7");
    assertThat(allows(denyOne, "192.168.1.7")).isFalse();
    assertThat(allows(denyOne, "192.168.1.8")).isTrue();
    assertThat(allows(AccessRules.ALLOW_ALL, "203.0.113.1")).isTrue();
    assertThat(allows(rules("deny 10.0.0.0/8", "allow 10.1.0.0/16"), "10.1.0.1")).isFalse(); // order matters
  }

  @Test
  void ipv6AndMappedAddresses() {
    AccessRules r = rules("allow 2001:db8::/32, allow ::1, deny all");
    assertThat(allows(r, "2001:db8:abcd::1")).isTrue();
    assertThat(allows(r, "2001:db9::1")).isFalse();
    assertThat(allows(r, "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(allows(rules("deny 127.0.0.1"), "::ffff:127.0.0.1")).isFalse(); // a dual-stack socket's spelling
  }

  @Test
  void severalRulesInOneStringAndCaseIgnored() {
    AccessRules r = rules("ALLOW 10.0.1.0/24, Deny ALL");
    assertThat(r.rules()).hasToString("[allow 10.0.1.0/24, deny all]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "permit 10.0.0.0/8|starts with 'permit'",
      "allow|'allow': expected rules",
      "allow 10.0.0.0/8 extra|'allow 10.0.0.0/8 extra': expected rules",
      "deny 10.0.0.0/40|prefix length must be 0..32",
      "allow example.com|expected an address or network",
  })
  void badRulesAreNamed(String rule, String message) {
    assertThatThrownBy(() -> rules(rule)).hasMessageContaining(message);
  }

  @Test
  void listenerReadsItsRulesAndRate() throws Exception {
    BrokerConfig c = load("listeners.tcp.default {\n  bind = \"127.0.0.1:0\"\n  access_rules = [\"allow 10.0.0.0/8\","
        + " \"deny all\"]\n  max_conn_rate = \"30/m\"\n}\nlisteners.ws.default.max_conn_rate = 100\n");
    ListenerConfig tcp = c.listeners().stream().filter(l -> l.id().equals("tcp:default")).findFirst().orElseThrow();
    assertThat(tcp.gate().accessRules().rules()).hasToString("[allow 10.0.0.0/8, deny all]");
    assertThat(tcp.gate().maxConnRate()).isEqualTo(0.5);
    assertThat(tcp.gate().burst()).isEqualTo(1);
    ListenerConfig ws = c.listeners().stream().filter(l -> l.id().equals("ws:default")).findFirst().orElseThrow();
    assertThat(ws.gate().maxConnRate()).isEqualTo(100);
    assertThat(ws.gate().accessRules().isEmpty()).isTrue();
  }

  @Test
  void defaultsAreOpenAndSafe() throws Exception {
    BrokerConfig c = load("");
    assertThat(c.listeners()).allSatisfy(l -> assertThat(l.gate()).isEqualTo(GateOptions.OPEN));
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.flapping()).isEqualTo(FlappingSettings.DEFAULTS);
    assertThat(c.flapping().enable()).as("flapping detection is off by default, as in EMQX").isFalse();
    assertThat(c.authenticationBan()).isEqualTo(AuthenticationBanSettings.DEFAULTS);
  }

  @Test
  void badAccessRulesNameFileLineKeyAndSyntax() throws Exception {
    fails("listeners.tcp.default {\n  access_rules = [\"allow 10.0.0.0/8\", \"permit all\"]\n}").hasMessage(
        where(2) + "listeners.tcp.default.access_rules = [\"allow 10.0.0.0/8\",\"permit all\"]: 'permit all': starts"
        + " with 'permit'; " + AccessRules.SYNTAX);
    fails("listeners.tcp.default.access_rules = \"deny 10.0.0.300\"").hasMessageContaining(
        "listeners.tcp.default.access_rules = \"deny 10.0.0.300\": 'deny 10.0.0.300': '10.0.0.300' is not an IP"
        + " address");
  }

  @Test
  void badRates() throws Exception {
    String allowed = ": expected infinity or connections per second > 0, e.g. 100, \"100/s\", \"30/m\" or \"500/h\"";
    fails("listeners.tcp.default.max_conn_rate = 0").hasMessage(
        where(1) + "listeners.tcp.default.max_conn_rate = 0" + allowed);
    fails("listeners.tcp.default.max_conn_rate = \"10/day\"").hasMessage(
        where(1) + "listeners.tcp.default.max_conn_rate = \"10/day\"" + allowed);
    fails("listeners.tcp.default.max_conn_rate = -3").hasMessageEndingWith(allowed.substring(2));
  }

  @Test
  void unixListenersHaveNoAccessRules() throws Exception {
    fails("listeners.unix.default.access_rules = [\"deny all\"]").hasMessageContaining(
        "listeners.unix.default.access_rules = [\"deny all\"]: unknown key");
  }

  @Test
  void defencesBlocks() throws Exception {
    BrokerConfig c = load("flapping_detect { enable = true, max_count = 3, window_time = 10s, ban_time = 1h }\n"
        + "authentication_ban.max_failures = 5\nnode.data_dir = \"/var/lib/berth\"\n");
    assertThat(c.flapping()).isEqualTo(new FlappingSettings(true, 3, 10_000, 3_600_000));
    assertThat(c.authenticationBan()).isEqualTo(new AuthenticationBanSettings(true, 5, 60_000, 600_000));
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/berth"));
    fails("\nflapping_detect.max_count = 0").hasMessage(
        where(2) + "flapping_detect.max_count = 0: expected an integer >= 1");
    fails("authentication_ban.ban_time = 10").hasMessageContaining(
        "authentication_ban.ban_time = 10: expected a duration");
    fails("node.data_dir = \"\"").hasMessageContaining("node.data_dir = \"\": expected a directory");
  }

  @Test
  void environmentOverridesARuleList() throws Exception {
    BrokerConfig c = ConfigLoader.load(file(""), Map.of("BERTH_LISTENERS__TCP__DEFAULT__ACCESS_RULES",
        "deny 10.0.0.1, allow all"));
    assertThat(c.listeners().get(0).gate().accessRules().rules()).hasToString("[deny 10.0.0.1, allow all]");
  }
}
