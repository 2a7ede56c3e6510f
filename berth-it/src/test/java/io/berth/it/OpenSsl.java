package io.berth.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code openssl s_client}: an independent TLS client to check what the broker accepts. */
final class OpenSsl {
  private OpenSsl() {}

  /**
   * Runs s_client against 127.0.0.1:port with the given flags and returns everything it printed. The system's
   * openssl.cnf is bypassed and the security level lowered, so that the client itself is willing to offer TLS 1.0
   * and 1.1: a refusal then comes from the broker.
   */
  static String sClient(int port, String... flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-cipher", "DEFAULT:@SECLEVEL=0"));
    cmd.addAll(List.of(flags));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))); // EOF on stdin: s_client then quits
    pb.environment().put("OPENSSL_CONF", "/dev/null");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("openssl is not installed: run bin/test, or apt-get install -y openssl", e);
    }
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openssl s_client did not finish");
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
