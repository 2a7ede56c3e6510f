package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** {@code dashboard.tester.*}: defaults, the forms of allowed_hosts, and one-line errors. */
class TesterConfigTest extends ConfigFiles {
  @Test
  void defaults() throws Exception {
    DashboardConfig d = load("").dashboard();
    assertThat(d.testerAllowedHosts()).isEmpty();
    assertThat(d.testerMaxConnections()).isEqualTo(16);
  }

  @Test
  void allowedHostsForms() throws Exception {
    DashboardConfig d = load("dashboard.tester { allowed_hosts = [\"Broker2.lan\", \"broker3.lan:8883\","
        + " \"[fd00::5]:1883\", \"10.0.0.0/8\", \"fd00::6\"], max_connections = 2 }").dashboard();
    assertThat(d.testerMaxConnections()).isEqualTo(2);
    InetAddress ten = InetAddress.getByName("10.1.2.3");
    InetAddress other = InetAddress.getByName("192.0.2.1");
    TesterTarget name = d.testerAllowedHosts().get(0);
    assertThat(name.allows("broker2.LAN", other, 1)).isTrue();
    assertThat(name.allows("broker9.lan", other, 1)).isFalse();
    TesterTarget withPort = d.testerAllowedHosts().get(1);
    assertThat(withPort.allows("broker3.lan", other, 8883)).isTrue();
    assertThat(withPort.allows("broker3.lan", other, 1883)).isFalse();
    TesterTarget v6 = d.testerAllowedHosts().get(2);
    assertThat(v6.allows("fd00:0:0:0:0:0:0:5", InetAddress.getByName("fd00::5"), 1883)).isTrue();
    TesterTarget network = d.testerAllowedHosts().get(3);
    assertThat(network.allows("anything", ten, 1)).isTrue();
    assertThat(network.allows("anything", other, 1)).isFalse();
    assertThat(d.testerAllowedHosts().get(4).allows("fd00::6", InetAddress.getByName("fd00::6"), 5)).isTrue();
  }

  @Test
  void badValuesNameTheKey() throws Exception {
    fails("dashboard.tester.allowed_hosts = [\"10.0.0.0/33\"]")
        .hasMessageContaining("dashboard.tester.allowed_hosts").hasMessageContaining("prefix length");
    fails("dashboard.tester.allowed_hosts = [\"host:99999\"]")
        .hasMessageContaining("dashboard.tester.allowed_hosts").hasMessageContaining("bad port");
    fails("dashboard.tester.max_connections = -1").hasMessageContaining("dashboard.tester.max_connections");
    fails("dashboard.tester.max_conections = 1").hasMessageContaining("did you mean 'max_connections'");
    assertThatThrownBy(() -> TesterTarget.parse(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
