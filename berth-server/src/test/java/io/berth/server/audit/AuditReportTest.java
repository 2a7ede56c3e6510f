package io.berth.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exposure findings of good and bad configurations. */
class AuditReportTest {
  @TempDir Path dir;

  private AuditReport audit(String conf) throws Exception {
    Path f = dir.resolve("berth.conf");
    Files.writeString(f, conf);
    BrokerConfig c = ConfigLoader.load(f, Map.of());
    return AuditReport.of(c, Instant.now());
  }

  @Test
  void theDefaultsHaveNoHighFinding() throws Exception {
    AuditReport r = audit("");
    assertThat(r.hasHigh()).isFalse();
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.scope()).isEqualTo("tcp:default");
      assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
      assertThat(f.problem()).contains("refused until authentication is configured");
    });
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Finding.Severity.MEDIUM);
      assertThat(f.problem()).startsWith("no ACL");
    });
    assertThat(audit("authorization.sources = [{type = file, path = \"acl.conf\"}]").findings())
        .noneSatisfy(f -> assertThat(f.problem()).startsWith("no ACL"));
    assertThat(r.render()).contains("tcp:default  0.0.0.0:1883", "reachable from: other machines",
        "encryption:     not encrypted", "authentication: anonymous clients from this machine only");
  }

  @Test
  void aDashboardOnAnotherMachinesReachWithoutTlsIsMedium() throws Exception {
    assertThat(audit("").findings()).anySatisfy(f -> {
      assertThat(f.scope()).isEqualTo("dashboard");
      assertThat(f.severity()).isEqualTo(Finding.Severity.MEDIUM);
      assertThat(f.problem()).contains("0.0.0.0:18083", "without TLS");
    });
    assertThat(audit("dashboard.listeners.http.bind = \"10.0.0.5:18083\"").findings())
        .anySatisfy(f -> assertThat(f.problem()).contains("10.0.0.5:18083", "the local network"));
    for (String safe : new String[] {"dashboard.listeners.http.bind = \"127.0.0.1:18083\"",
        "dashboard.listeners.http.bind = \"\"", "dashboard.listeners.http.enable = false"}) {
      assertThat(audit(safe).findings()).as(safe).noneSatisfy(f -> assertThat(f.scope()).isEqualTo("dashboard"));
    }
  }

  @Test
  void anonymousOnAPublicListenerIsHigh() throws Exception {
    AuditReport r = audit("allow_anonymous = true");
    assertThat(r.hasHigh()).isTrue();
    assertThat(r.findings().get(0).problem()).contains("may connect without credentials");
    assertThat(audit("enable_authn = false").hasHigh()).isTrue();
  }

  @Test
  void anonymousOnLoopbackOnlyIsFine() throws Exception {
    AuditReport r = audit("""
        allow_anonymous = true
        listeners.tcp.default.bind = "127.0.0.1:1883"
        listeners.ws.default.enable = false
        """);
    assertThat(r.hasHigh()).isFalse();
    assertThat(r.listeners().get(0).reach()).isEqualTo(Reach.LOCAL);
  }

  @Test
  void passwordsOverPlainTcpOnAPublicInterfaceAreHigh() throws Exception {
    AuditReport r = audit("""
        authentication = [{mechanism = password_based, user_file = "etc/passwd"}]
        listeners.tcp.default.bind = "0.0.0.0:1883"
        """);
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Finding.Severity.HIGH);
      assertThat(f.problem()).contains("cross the network in clear text");
    });
    // on loopback nobody else sees the traffic
    AuditReport lan = audit("""
        authentication = [{mechanism = password_based, user_file = "etc/passwd"}]
        listeners.tcp.default.bind = "127.0.0.1:1883"
        listeners.ws.default.bind = "127.0.0.1:8083"
        """);
    assertThat(lan.hasHigh()).isFalse();
  }
}
