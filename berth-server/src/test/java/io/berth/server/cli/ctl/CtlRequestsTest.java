package io.berth.server.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.server.cli.CliError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What berth ctl puts in its requests: listener settings as JSON, ids and values as URL path segments. */
class CtlRequestsTest {
  @Test
  void settingsBecomeNestedJsonWithTypedValues() throws Exception {
    assertThat(ListenerSettings.toJson(List.of("max_connections=1000", "ssl_options.verify=verify_peer",
        "ssl_options.fail_if_no_peer_cert=true", "mqtt.max_packet_size=1MB", "proxy_protocol_timeout=2.5",
        "websocket.allowed_origins=[\"https://a.example\"]", "bind=0.0.0.0:1884", "name=\"007\"")).toString())
        .isEqualTo("{\"max_connections\":1000,\"ssl_options\":{\"verify\":\"verify_peer\","
            + "\"fail_if_no_peer_cert\":true},\"mqtt\":{\"max_packet_size\":\"1MB\"},\"proxy_protocol_timeout\":2.5,"
            + "\"websocket\":{\"allowed_origins\":[\"https://a.example\"]},\"bind\":\"0.0.0.0:1884\","
            + "\"name\":\"007\"}");
  }

  @Test
  void aSettingWithoutAValueOrWithBadHoconIsAUsageError() {
    assertThatThrownBy(() -> ListenerSettings.toJson(List.of("max_connections")))
        .isInstanceOf(CliError.class).hasMessage("--set max_connections: expected KEY=VALUE, e.g."
            + " max_connections=1000");
    assertThatThrownBy(() -> ListenerSettings.toJson(List.of("access_rules=[\"allow all\"")))
        .isInstanceOf(CliError.class).hasMessageStartingWith("--set access_rules=[\"allow all\": not a HOCON value");
  }

  @Test
  void pathSegmentsAreEncodedAndNetworksKeepTheirSlash() {
    assertThat(ManagementClient.segment("tcp:default")).isEqualTo("tcp:default");
    assertThat(ManagementClient.segment("dev 17/ü")).isEqualTo("dev%2017%2F%C3%BC");
    assertThat(ManagementClient.segment("10.0.0.0/8", true)).isEqualTo("10.0.0.0/8");
    assertThat(ManagementClient.segment("^bot-[0-9]+$", true)).isEqualTo("%5Ebot-%5B0-9%5D%2B%24");
  }

  @Test
  void uptimeIsShort() {
    assertThat(CtlCommand.uptime(42)).isEqualTo("42s");
    assertThat(CtlCommand.uptime(3_725)).isEqualTo("1h 2m");
    assertThat(CtlCommand.uptime(90_000)).isEqualTo("1d 1h");
  }
}
