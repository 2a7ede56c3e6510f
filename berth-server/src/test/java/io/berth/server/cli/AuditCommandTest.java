package io.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth audit: the report, and exit 3 on a high-severity finding so a pipeline can stop on it. */
class AuditCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();

  private int audit(String conf) throws Exception {
    Path f = dir.resolve("berth.conf");
    Files.writeString(f, conf);
    return BerthCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "audit", "-c",
        f.toString());
  }

  @Test
  void aSafeConfigExitsZero() throws Exception {
    assertThat(audit("listeners.tcp.default.bind = \"127.0.0.1:1883\"")).isZero();
    assertThat(out.toString()).contains("Exposure report for", "tcp:default  127.0.0.1:1883",
        "reachable from: this machine only", "No high-severity finding.");
  }

  @Test
  void anOpenListenerExitsThree() throws Exception {
    assertThat(audit("allow_anonymous = true")).isEqualTo(AuditCommand.HIGH_FINDING);
    assertThat(out.toString()).contains("HIGH  tcp:default: anyone who can reach 0.0.0.0:1883 may connect without"
        + " credentials", "Fix: configure authentication");
  }

  @Test
  void aBadConfigIsAUsageError() throws Exception {
    assertThat(audit("allow_anonymous = perhaps")).isEqualTo(2);
  }
}
