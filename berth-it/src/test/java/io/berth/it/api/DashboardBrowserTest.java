package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.it.FreePorts;
import io.berth.it.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium) against a real broker: what each page shows after the clicks
 * an admin makes. The tests run in order on one broker and one browser, as one admin's session would: first login
 * and forced change, second factor, listeners, the Tester, the other pages, and the lockout last (it locks the
 * address). A screenshot of every page goes to target/screenshots/ (docs/dashboard.md uses them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  static final String NEW_PASSWORD = "a long enough dashboard password";
  ApiBroker broker;
  Browser browser;
  TesterPage tester;
  TestPki pki;
  AuthenticatorApp phone;
  final List<String> recoveryCodes = new ArrayList<>();
  int uiPort;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    // Anonymous clients from this machine stay allowed (allow_anonymous = loopback); the file is for the Users page.
    Path passwd = Files.writeString(dir.resolve("passwd"), "# MQTT users of the dashboard test\n");
    broker = ApiBroker.start(dir, "listeners.ws.default { enable = true, bind = \"127.0.0.1:0\" }\n"
        + "listeners.ssl.default { enable = true, bind = \"127.0.0.1:0\", " + pki.sslOptions("") + " }\n"
        + "authentication = [{mechanism = password_based, backend = built_in_database, user_file = \"" + passwd
        + "\"}]\n");
    browser = new Browser("http://127.0.0.1:" + broker.service.api().port());
    tester = new TesterPage(browser);
  }

  @AfterAll
  void stop() throws Exception {
    try (ApiBroker b = broker; Browser br = browser) { // closed in reverse order: the browser first
      assertThat(b).isNotNull();
    }
  }

  @Test
  @Order(1)
  void thePageLoadsNothingFromElsewhere() throws Exception {
    browser.open("/"); // the page's own references and CSP: DashboardFilesTest
    browser.find(By.id("login-form"));
    @SuppressWarnings("unchecked")
    List<String> loaded = (List<String>) browser.js(
        "return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(loaded).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(browser.base + "/"));
    browser.screenshot("login");
  }

  @Test
  @Order(2)
  void firstLoginForcesAPasswordChangeThenTheSecondFactorIsEnrolled() throws Exception {
    browser.open("/");
    browser.type("login-password", broker.initialPassword());
    browser.click(By.id("login-submit"));
    browser.find(By.cssSelector("[data-testid=forced-change]"));
    browser.type("forced-old", broker.initialPassword());
    browser.type("forced-new", NEW_PASSWORD);
    browser.type("forced-again", NEW_PASSWORD);
    browser.screenshot("forced-password-change");
    browser.click(By.id("forced-submit"));
    browser.waitText(By.cssSelector("[data-testid=whoami]"), "admin");
    browser.waitText(By.tagName("h1"), "Overview");
    assertThat(broker.data.resolve("initial_admin_password")).doesNotExist();

    browser.page("account");
    browser.click(By.id("totp-start"));
    String totpSecret = browser.find(By.id("totp-secret")).getText().strip();
    assertThat(totpSecret).matches("[A-Z2-7]{16,}");
    phone = new AuthenticatorApp(totpSecret);
    WebElement qr = browser.find(By.id("totp-qr"));
    assertThat(qr.getAttribute("src")).startsWith("data:image/png;base64,");
    assertThat(((Number) browser.js("return arguments[0].naturalWidth", qr)).intValue()).isPositive();
    browser.screenshot("account-totp-enrolment");
    browser.type("totp-code", phone.codeNow());
    browser.click(By.id("totp-confirm"));
    browser.waitText(By.id("totp-enabled-now"), "second factor is on");
    for (WebElement li : browser.all(By.cssSelector("#totp-recovery-codes li"))) {
      recoveryCodes.add(li.getText().strip());
    }
    assertThat(recoveryCodes).hasSize(10);
    browser.screenshot("account-recovery-codes");

    browser.click(By.id("logout"));
    browser.find(By.id("login-form"));
    browser.type("login-password", NEW_PASSWORD);
    browser.click(By.id("login-submit"));
    browser.waitText(By.id("login-totp-needed"), "second factor");
    browser.screenshot("login-totp");
    // The code of the next 30-second step: the one of the enrolment's step was used, and a code is good once.
    browser.type("login-totp", phone.nextCode());
    browser.click(By.id("login-submit"));
    browser.waitText(By.cssSelector("[data-testid=whoami]"), "admin");
  }

  @Test
  @Order(3)
  void anEndedSessionReturnsToTheLoginPage() throws Exception {
    String token = (String) browser.js("return sessionStorage.getItem('berth.token')");
    assertThat(token).hasSize(43);
    broker.api.post("/api/v5/logout", Api.bearer(token), null).is(204);
    browser.click(By.id("nav-listeners")); // its first API call gets 401
    browser.waitText(By.cssSelector("[data-testid=session-expired]"), "session has ended");
    assertThat((String) browser.js("return sessionStorage.getItem('berth.token')")).isNull();
    loginWithSecondFactor(recoveryCodes.remove(0));
  }

  @Test
  @Order(4)
  void aListenerIsAddedInTheListenersPage() throws Exception {
    browser.page("listeners");
    uiPort = FreePorts.next();
    browser.click(By.id("listener-add"));
    browser.select("lf-type", "tcp");
    browser.type("lf-name", "ui");
    browser.type("lf-bind", "127.0.0.1:" + uiPort);
    browser.type("lf-max", "100");
    browser.click(By.id("lf-submit"));
    By row = By.cssSelector("tr[data-listener='tcp:ui']");
    browser.waitText(row, "127.0.0.1:" + uiPort);
    browser.waitText(row, "running");
    browser.waitText(By.cssSelector("tr[data-listener='ssl:default']"), "expires");
    browser.screenshot("listeners");
    assertThat(listener("tcp:ui").get("running").asBoolean()).isTrue();

    browser.click(By.cssSelector("tr[data-listener='tcp:ui'] button[data-action=edit]"));
    browser.type("lf-max", "200");
    browser.click(By.id("lf-submit"));
    browser.waitText(row, "/ 200");
    assertThat(listener("tcp:ui").get("max_connections").asInt()).isEqualTo(200);

    browser.click(By.cssSelector("tr[data-listener='tcp:ui'] button[data-action=test]"));
    browser.click(By.id("st-run"));
    browser.waitText(By.id("selftest-verdict"), "Passed");
    assertThat(browser.find(By.cssSelector("#selftest-result .steps")).getText()).contains("connect", "ms");
    // A TLS listener: the handshake is shown too (protocol, cipher, the chain and its expiry).
    browser.click(By.cssSelector("tr[data-listener='ssl:default'] button[data-action=test]"));
    browser.waitText(By.id("h-selftest"), "ssl:default");
    browser.click(By.id("st-run"));
    browser.waitText(By.id("selftest-verdict"), "Passed");
    assertThat(browser.find(By.cssSelector("#selftest-result [data-testid=tls]")).getText())
        .contains("TLSv1.", "CN=localhost", "expires");
    browser.screenshot("listeners-self-test");
  }

  @Test
  @Order(5)
  void aListenerIsDeletedAfterTypingItsName() throws Exception {
    browser.page("listeners");
    browser.click(By.id("listener-add"));
    browser.type("lf-name", "doomed");
    browser.type("lf-bind", "127.0.0.1:0");
    browser.click(By.id("lf-submit"));
    By row = By.cssSelector("tr[data-listener='tcp:doomed']");
    browser.waitText(row, "running");
    browser.click(By.cssSelector("tr[data-listener='tcp:doomed'] button[data-action=delete]"));
    WebElement delete = browser.find(By.id("delete-submit"));
    assertThat(delete.isEnabled()).as("enabled before the name is typed").isFalse();
    browser.type("delete-confirm", "doome");
    assertThat(delete.isEnabled()).isFalse();
    browser.type("delete-confirm", "doomed");
    browser.screenshot("listeners-delete");
    browser.click(By.id("delete-submit"));
    browser.waitFor(d -> d.findElements(row).isEmpty());
    broker.api.get("/api/v5/listeners/tcp:doomed", Api.bearer(token())).error(404, "NOT_FOUND");
  }

  @Test
  @Order(6)
  void theTesterConnectsFromTheBrowserOverWebSocket() throws Exception {
    int wsPort = Api.portOf(listener("ws:default"));
    browser.page("tester");
    browser.find(By.id("tester-form"));
    browser.type("t-name", "browser ws");
    browser.select("t-transport", "ws");
    browser.type("t-port", String.valueOf(wsPort));
    browser.click(By.id("t-browser"));
    browser.click(By.id("t-connect"));
    By conn = By.cssSelector("[data-testid=connection][data-conn='browser ws']");
    browser.waitText(By.cssSelector("[data-conn='browser ws'] [data-testid=conn-state]"), "connected");
    tester.subscribePublishAndRead(conn, "ui/browser/#", "ui/browser/1", "hello over ws");
    browser.type("pub-topic", "ui/retained/1");
    browser.type("pub-payload", "kept");
    browser.click(By.id("pub-retain"));
    browser.click(By.id("pub-go"));
    browser.waitText(By.cssSelector("[data-testid=message-log]"), "kept");
    browser.click(By.id("pub-retain"));
    browser.screenshot("tester-browser-ws");
  }

  @Test
  @Order(7)
  void theTesterConnectsFromTheServerOverTcpAndTlsAndReportsARefusal() throws Exception {
    browser.page("tester");
    tester.newServerConnection("tcp ui", "tcp", uiPort, null);
    By tcp = By.cssSelector("[data-testid=connection][data-conn='tcp ui']");
    browser.waitText(By.cssSelector("[data-conn='tcp ui'] [data-testid=conn-state]"), "connected");
    tester.subscribePublishAndRead(tcp, "ui/tcp/#", "ui/tcp/1", "hello over tcp");
    browser.screenshot("tester");

    tester.newServerConnection("tls", "ssl", Api.portOf(listener("ssl:default")),
        Files.readString(pki.dir.resolve("ca.pem")));
    By tls = By.cssSelector("[data-testid=connection][data-conn='tls']");
    browser.waitText(By.cssSelector("[data-conn='tls'] [data-testid=conn-state]"), "connected");
    browser.waitText(By.cssSelector("[data-conn='tls'] [data-testid=tls]"), "TLSv1.");
    tester.subscribePublishAndRead(tls, "ui/tls/#", "ui/tls/1", "hello over tls");
    browser.screenshot("tester-tls");

    browser.page("listeners");
    browser.click(By.cssSelector("tr[data-listener='tcp:ui'] button[data-action=stop]"));
    browser.waitText(By.cssSelector("tr[data-listener='tcp:ui'] [data-testid=status]"), "stopped");
    browser.page("tester");
    browser.click(By.cssSelector("button[data-conn='tcp ui']"));
    browser.waitText(By.cssSelector("[data-conn='tcp ui'] [data-testid=conn-state]"), "disconnected");
    tester.newServerConnection("refused", "tcp", uiPort, null);
    String error = browser.waitText(By.id("tester-connect-error"), "Could not connect");
    assertThat(error).containsIgnoringCase("refused");
    browser.screenshot("tester-refused");
    browser.page("listeners");
    browser.click(By.cssSelector("tr[data-listener='tcp:ui'] button[data-action=start]"));
    browser.waitText(By.cssSelector("tr[data-listener='tcp:ui'] [data-testid=status]"), "running");

    // The broker's connections outlive a reload of the page (the browser's own one does not): they come back
    // with their logs.
    browser.page("tester");
    browser.driver.navigate().refresh();
    browser.click(By.cssSelector("button[data-conn='tls']"));
    browser.waitText(By.cssSelector("[data-conn='tls'] [data-testid=message-log]"), "hello over tls");
    browser.waitText(By.cssSelector("[data-conn='tls'] [data-testid=conn-state]"), "connected");
    assertThat(browser.all(By.cssSelector("button[data-conn='tcp ui']"))).hasSize(1);
    browser.find(By.cssSelector("button[data-conn='tls']")).sendKeys(Keys.ARROW_LEFT); // keyboard: previous tab
    assertThat(browser.js("return document.activeElement.dataset.conn")).isEqualTo("tcp ui");
    assertThat(browser.all(By.cssSelector("button[data-conn='browser ws']"))).isEmpty();
  }

  @Test
  @Order(8)
  void theOverviewShowsCountsRatesListenersAndAlarms() throws Exception {
    browser.page("overview");
    browser.waitText(By.id("overview-listeners"), "tcp:ui");
    browser.waitText(By.id("alarms"), "ssl:default: its certificate (CN=localhost,O=Berth) expires in");
    // Traffic for the rate chart (a rate needs two samples of /metrics, 2 s apart): 25 messages a second over
    // TCP for 6 s, which the Tester's TLS connection (subscribed to ui/tls/#) receives too.
    try (MqttClient publisher = new MqttClient("tcp://127.0.0.1:" + Api.portOf(listener("tcp:default")), "overview-load",
        new MemoryPersistence())) {
      publisher.connect();
      for (int i = 0; i < 150; i++) {
        publisher.publish("ui/tls/load", ("load " + i).getBytes(StandardCharsets.UTF_8), 0, false);
        Thread.sleep(40);
      }
      String now = browser.waitText(By.id("rate-now"), "received/s");
      assertThat(now).doesNotContain("Now: 0.0 received/s");
      int connected = broker.api.get("/api/v5/stats", Api.bearer(token())).is(200).json()
          .get("live_connections.count").asInt();
      browser.waitText(By.cssSelector("[data-testid='stat-live_connections.count'] .value"), String.valueOf(connected));
      browser.screenshot("overview");
      publisher.disconnect();
    }
  }

  @Test
  @Order(9)
  void theDataPagesListKickDeleteBanAndAddUsers() throws Exception {
    browser.page("clients");
    browser.waitText(By.id("clients-table"), "berth-tester-");
    browser.type("clients-like", "berth-tester-");
    browser.click(By.id("clients-search-go"));
    browser.waitText(By.id("clients-table"), "ssl:default"); // the Tester's TLS connection
    browser.screenshot("clients");
    try (MqttClient victim = new MqttClient("tcp://127.0.0.1:" + Api.portOf(listener("tcp:default")), "kick-me",
        new MemoryPersistence())) {
      victim.connect();
      browser.type("clients-like", "kick-me");
      browser.click(By.id("clients-search-go"));
      browser.waitText(By.id("clients-table"), "tcp:default");
      assertThat(browser.find(By.id("clients-table")).getText()).doesNotContain("berth-tester-");
      browser.click(By.cssSelector("#clients-table button[aria-label='Kick kick-me']"));
      browser.driver.switchTo().alert().accept(); // "Disconnect kick-me?"
      browser.waitText(By.id("clients-table"), "No clients");
      browser.waitFor(d -> !victim.isConnected());
    }

    browser.page("subscriptions");
    browser.waitText(By.id("subscriptions-table"), "ui/tls/#");
    browser.screenshot("subscriptions");

    browser.page("retained");
    browser.waitText(By.id("retained-table"), "ui/retained/1");
    browser.screenshot("retained");
    browser.click(By.cssSelector("#retained-table button[aria-label='Delete retained ui/retained/1']"));
    browser.driver.switchTo().alert().accept(); // "Delete the retained message of ui/retained/1?"
    browser.waitFor(d -> !d.findElement(By.id("retained-table")).getText().contains("ui/retained/1"));
    browser.page("bans");
    browser.waitText(By.id("rules-table"), "tcp:default"); // no access_rules there: "allow all"
    browser.waitText(By.id("banned-table"), "Nobody is banned");
    browser.type("ban-who", "rogue-1");
    browser.type("ban-reason", "flooding");
    browser.click(By.id("ban-add"));
    browser.waitText(By.id("banned-table"), "rogue-1");
    assertThat(browser.find(By.id("banned-table")).getText()).contains("flooding", "admin");
    browser.screenshot("bans");
    browser.click(By.cssSelector("#banned-table button[aria-label='Unban rogue-1']"));
    browser.waitText(By.id("banned-table"), "Nobody is banned");

    browser.page("users");
    browser.waitText(By.id("users-table"), "No users");
    browser.type("user-id", "sensor-1");
    browser.type("user-password", "a sensor's password");
    browser.click(By.id("user-add"));
    browser.waitText(By.id("users-table"), "sensor-1");
    assertThat(broker.api.get("/api/v5/authentication/password_based:built_in_database/users",
        Api.bearer(token())).is(200).json().get("data").get(0).get("user_id").asText()).isEqualTo("sensor-1");
    browser.screenshot("users");
  }

  @Test
  @Order(10)
  void aPageWhoseEndpointIsMissingSaysSoAndTheAccountMakesApiKeys() throws Exception {
    // A broker without an endpoint (an older version): the page says so instead of breaking.
    browser.js("window.fetchOriginal = window.fetch; window.fetch = (u, o) => String(u).includes('/api/v5/banned')"
        + " ? window.fetchOriginal('/api/v5/no-such-endpoint', o) : window.fetchOriginal(u, o)");
    browser.page("bans");
    browser.waitText(By.cssSelector("main [data-testid=not-available]"),
        "The banned list (GET /api/v5/banned) is not available in this broker version");
    browser.js("window.fetch = window.fetchOriginal");

    browser.page("account");
    browser.type("apikey-name", "browser test");
    browser.click(By.id("apikey-create"));
    String key = browser.find(By.id("apikey-key")).getText();
    assertThat(browser.find(By.id("apikey-secret")).getText()).hasSize(43);
    browser.waitText(By.id("apikey-table"), key);
    browser.screenshot("account");
  }

  @Test
  @Order(100)
  void fiveWrongPasswordsLockTheLogin() throws Exception {
    browser.click(By.id("logout"));
    browser.find(By.id("login-form"));
    for (int i = 1; i <= 5; i++) { // from the keyboard: Enter in the password field submits
      browser.type("login-password", "wrong password " + i + Keys.ENTER);
      browser.waitText(By.id("login-error"), "Wrong user name or password");
      browser.js("document.getElementById('login-error').remove()"); // the next answer must be a new one
    }
    browser.type("login-password", NEW_PASSWORD);
    browser.click(By.id("login-submit"));
    browser.waitText(By.id("login-error"), "Too many failed attempts, try again in 5 minutes");
    browser.screenshot("login-locked");
  }

  // --- helpers

  /** Logs in with the new password and {@code code} (a TOTP or recovery code). */
  private void loginWithSecondFactor(String code) {
    browser.find(By.id("login-form"));
    browser.type("login-password", NEW_PASSWORD);
    browser.click(By.id("login-submit"));
    browser.type("login-totp", code);
    browser.click(By.id("login-submit"));
    browser.waitText(By.cssSelector("[data-testid=whoami]"), "admin");
  }

  private JsonNode listener(String id) throws Exception {
    return broker.api.get("/api/v5/listeners/" + id, Api.bearer(token())).is(200).json();
  }

  private String token() {
    String t = (String) browser.js("return sessionStorage.getItem('berth.token')");
    assertThat(t).as("the browser's session token").isNotNull();
    return t;
  }
}
