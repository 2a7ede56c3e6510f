package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.it.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in Firefox too (Debian's firefox-esr, headless, driven over WebDriver BiDi by a node script, since
 * Debian has no geckodriver): the page loads with no console error, the login works and the forced password change
 * follows. The full walk-through runs in Chromium ({@link DashboardBrowserTest}).
 */
class FirefoxDashboardTest extends OwnBrokerPerTest {
  private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
  private static final Path NODE_DIR = Path.of("src", "test", "node");

  @Test
  void theLoginAndTheForcedPasswordChangeWorkInFirefox() throws Exception {
    if (!Files.isExecutable(FIREFOX)) {
      throw new AssertionError("Firefox is not installed: run bin/test, or apt-get install -y firefox-esr");
    }
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/ws"))) {
      throw new AssertionError("the node modules are not installed: run bin/test, or"
          + " 'npm ci --prefix berth-it/src/test/node' (needs node and npm: apt-get install -y nodejs npm)");
    }
    broker = ApiBroker.start(dir, "");
    int bidi = FreePorts.next();
    Path profile = Files.createDirectories(dir.resolve("firefox-profile"));
    Process firefox = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote", "--profile",
        profile.toString(), "--remote-debugging-port=" + bidi).redirectErrorStream(true)
        .redirectOutput(dir.resolve("firefox.log").toFile()).start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> Files.readString(dir.resolve("firefox.log")).contains("WebDriver BiDi listening"));
      Process node = new ProcessBuilder("node", "firefox-dashboard-check.js", String.valueOf(bidi),
          "http://127.0.0.1:" + broker.service.api().port() + "/", broker.initialPassword())
          .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node script finished").isTrue();
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.exitValue()).as(out).isZero();
      assertThat(out.lines()).hasSize(3);
      assertThat(out).contains("login form: Mozilla/5.0", "Firefox/", "forced password change", "console errors: 0");
    } finally {
      firefox.destroy();
      if (!firefox.waitFor(10, TimeUnit.SECONDS)) {
        firefox.destroyForcibly();
      }
    }
  }
}
