package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.server.cli.BerthCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth audit -c FILE} through the real command line: the exposure report and its exit status. */
class AuditTest {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  Run audit(String config) throws Exception {
    Path file = dir.resolve("berth.conf");
    Files.writeString(file, config);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BerthCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "audit", "-c",
        file.toString());
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aBadConfigurationHasHighFindingsAndExits3() throws Exception {
    Run r = audit("listeners.tcp.default { bind = \"0.0.0.0:1883\", allow_anonymous = true }\n"
        + "listeners.tcp.users { bind = \"0.0.0.0:1884\", authentication = [{mechanism = password_based,"
        + " user_file = \"etc/passwd\"}] }\n"
        + "listeners.ws.default.enable = false\n");
    assertThat(r.exitCode()).as("exit status; err: %s", r.err()).isEqualTo(3);
    assertThat(r.out())
        .contains("tcp:default  0.0.0.0:1883")
        .contains("tcp:users  0.0.0.0:1884")
        .containsPattern("HIGH  tcp:default: anyone who can reach 0\\.0\\.0\\.0:1883 may connect without"
            + " credentials")
        .contains("HIGH  tcp:users: passwords or tokens cross the network in clear text (no TLS).")
        .contains("password file etc/passwd")
        .contains("anonymous clients allowed from anywhere")
        .contains("2 high-severity findings: fix before exposing this broker.");
    assertThat(r.out().indexOf("HIGH")).as("the most severe first").isLessThan(r.out().indexOf("MEDIUM"));
  }

  @Test
  void aLoopbackOnlyConfigurationPasses() throws Exception {
    Run r = audit("listeners.tcp.default { bind = \"127.0.0.1:1883\" }\nlisteners.ws.default.enable = false\n"
        + "authentication = [{mechanism = password_based, user_file = \"etc/passwd\"}]\nallow_anonymous = false\n");
    assertThat(r.exitCode()).as("exit status; out: %s err: %s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("No high-severity finding.").doesNotContain("HIGH");
  }
}
