package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.api.auth.Base32;
import io.berth.server.cli.BerthCli;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth ctl} over the management API: --json for scripts, the ways to authenticate (data/ctl.key, --api-key,
 * --user with BERTH_PASSWORD in a real child process) and the one-line errors when something is wrong.
 */
class CtlRestTest {
  @TempDir Path dir;
  ApiBroker broker;
  Path file;
  String url;

  @BeforeEach
  void start() throws Exception {
    broker = ApiBroker.start(dir, "");
    file = broker.file;
    url = "http://127.0.0.1:" + broker.service.api().port();
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  record Run(int exitCode, String out, String err) {}

  /** {@code berth ctl -c FILE --url URL ARGS} in this JVM: the key comes from the data directory. */
  Run ctl(String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "-c", file.toString(), "--url", url));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BerthCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** The real command in a child JVM, with {@code env} added to its environment (BERTH_PASSWORD). */
  Run child(Map<String, String> env, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
        "io.berth.server.cli.BerthCli", "ctl", "-c", file.toString(), "--url", url));
    command.addAll(List.of(args));
    // no terminal, as in a script: what would be asked for must come from the environment or the options
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().remove("BERTH_API_KEY");
    pb.environment().putAll(env);
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("berth ctl ended").isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void jsonIsTheApisOwnForScripts() throws Exception {
    Run list = ctl("--json", "listeners", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode listeners = Api.JSON.readTree(list.out());
    assertThat(listeners.isArray()).isTrue();
    assertThat(listeners.findValuesAsText("id")).contains("tcp:default");

    Run after = ctl("listeners", "list", "--json"); // the option is accepted after the subcommand too
    assertThat(Api.JSON.readTree(after.out()).isArray()).isTrue();

    JsonNode status = Api.JSON.readTree(ctl("--json", "status").out());
    assertThat(status.get("status").asText()).isEqualTo("running");
    JsonNode bans = Api.JSON.readTree(ctl("--json", "banned", "list").out());
    assertThat(bans.get("data").isArray()).isTrue();
    assertThat(bans.get("meta").get("count").asInt()).isZero();
    JsonNode audit = Api.JSON.readTree(ctl("--json", "audit").out());
    assertThat(audit.get("report").asText()).contains("Exposure report");
    assertThat(audit.get("findings").isArray()).isTrue();
    JsonNode reload = Api.JSON.readTree(ctl("--json", "reload").out());
    assertThat(reload.get("failed").asBoolean()).isFalse();
    JsonNode certs = Api.JSON.readTree(ctl("--json", "certs", "reload").out());
    assertThat(certs.get("lines").get(0).asText()).isEqualTo("no TLS listener is running");

    Run added = ctl("--json", "listeners", "add", "tcp:json", "--bind", "127.0.0.1:0");
    assertThat(Api.JSON.readTree(added.out()).get("id").asText()).isEqualTo("tcp:json");
    Run removed = ctl("--json", "listeners", "remove", "tcp:json");
    assertThat(removed.exitCode()).isZero();
    assertThat(removed.out()).as("204: no body").isEmpty();
  }

  @Test
  void anAdminLogsInWithUserAndThePasswordFromTheEnvironment() throws Exception {
    broker.adminToken(); // the generated password changed to ApiBroker.PASSWORD
    Run r = child(Map.of("BERTH_PASSWORD", ApiBroker.PASSWORD), "--user", "admin", "listeners", "list");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ID ").contains("tcp:default");

    Run wrong = child(Map.of("BERTH_PASSWORD", "not the password"), "--user", "admin", "status");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).isEqualTo("berth: the management API refused the request (401 BAD_USERNAME_OR_PWD):"
        + " wrong user name or password\n");

    Run noPassword = child(Map.of(), "--user", "admin", "status");
    assertThat(noPassword.exitCode()).isEqualTo(1);
    assertThat(noPassword.err()).isEqualTo("berth: --user admin: no password: set BERTH_PASSWORD, or run berth ctl"
        + " in a terminal\n");
    List<String> audit = Files.readAllLines(broker.data.resolve("audit.log"));
    assertThat(audit).anyMatch(l -> l.contains("\"user\":\"admin\"") && l.contains("\"action\":\"logout\""));
  }

  @Test
  void anAdminWithASecondFactorGivesItsCodeWithTotp() throws Exception {
    String token = broker.adminToken();
    String secret = broker.api.post("/api/v5/users/me/totp", bearer(token), null).is(200).json().get("secret")
        .asText();
    String now = String.format("%06d", new TimeBasedOneTimePasswordGenerator().generateOneTimePassword(
        new SecretKeySpec(Base32.decode(secret), "HmacSHA1"), Instant.now()));
    JsonNode recovery = broker.api.post("/api/v5/users/me/totp/confirm", bearer(token), Api.json("code", now))
        .is(200).json().get("recovery_codes");
    Map<String, String> env = Map.of("BERTH_PASSWORD", ApiBroker.PASSWORD);

    Run noCode = child(env, "--user", "admin", "status"); // no terminal to ask for it
    assertThat(noCode.exitCode()).isEqualTo(1);
    assertThat(noCode.err()).isEqualTo("berth: admin admin has a second factor: give its code with --totp\n");
    Run withCode = child(env, "--user", "admin", "--totp", recovery.get(0).asText(), "status");
    assertThat(withCode.exitCode()).as(withCode.err()).isZero();
    assertThat(withCode.out()).contains("running");
  }

  @Test
  void theGeneratedPasswordMustBeChangedFirst() throws Exception {
    Run r = child(Map.of("BERTH_PASSWORD", broker.initialPassword()), "--user", "admin", "listeners", "list");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("berth: the management API refused the request (403 PASSWORD_CHANGE_REQUIRED):");
  }

  @Test
  void aWrongKeyIsRefusedInOneLine() throws Exception {
    Run r = ctl("--api-key", "0123456789abcdef:wrong", "listeners", "list");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("berth: the management API refused the request (401 UNAUTHORIZED): unknown API"
        + " key or wrong secret (check --api-key)\n");

    Run malformed = ctl("--api-key", "no-colon", "status");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).startsWith("berth: --api-key: expected KEY:SECRET");

    Path key = broker.data.resolve("ctl.key");
    Files.writeString(key, "0123456789abcdef:stale\n");
    Run stale = ctl("listeners", "list");
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.err()).isEqualTo("berth: the management API refused the request (401 UNAUTHORIZED): unknown"
        + " API key or wrong secret — the key in " + key + " is replaced at every start of the broker: is this"
        + " the configuration of the running broker? Or give --user/--api-key\n");

    Files.delete(key);
    Run none = ctl("listeners", "list");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).startsWith("berth: no " + key + ": berth ctl reads the API key the broker writes"
        + " there at every start; run it as the broker's user");
  }

  @Test
  void aStartRotatesTheKeyAndTheListShowsIt() throws Exception {
    String before = Files.readString(broker.data.resolve("ctl.key")).strip();
    broker.close();
    broker = ApiBroker.start(dir, "");
    url = "http://127.0.0.1:" + broker.service.api().port();
    String after = Files.readString(broker.data.resolve("ctl.key")).strip();
    assertThat(after).isNotEqualTo(before);
    assertThat(ctl("--api-key", before, "status").exitCode()).as("the old key is gone").isEqualTo(1);
    assertThat(ctl("--api-key", after, "status").exitCode()).isZero();

    JsonNode keys = broker.api.get("/api/v5/api_key", bearer(broker.adminToken())).is(200).json();
    assertThat(keys.findValuesAsText("created_by")).containsExactly("berth start");
    assertThat(keys.get(0).get("key").asText()).isEqualTo(after.substring(0, after.indexOf(':')));
  }

  @Test
  void aBrokerThatIsDownIsNamed() {
    broker.close();
    broker = null;
    Run r = ctl("status");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("berth: cannot reach the management API at " + url + ": connection refused — is"
        + " the broker running? is dashboard.listeners.http enabled? (--url names another address)\n");
  }

  @Test
  void clientsAreListedFilteredAndKicked() throws Exception {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + broker.service.server().listenerAddress("tcp:default")
        .getPort(), "ctl-c1", new MemoryPersistence());
    c.connect();
    try {
      Run list = ctl("clients", "list");
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(list.out()).startsWith("CLIENTID ").containsPattern("ctl-c1 +- +tcp:default +127\\.0\\.0\\.1:\\d+ +3\\.1\\.1 +yes");
      assertThat(ctl("clients", "list", "--clientid", "nobody").out()).isEqualTo("no clients\n");
      JsonNode json = Api.JSON.readTree(ctl("--json", "clients", "list", "--clientid", "ctl-c1").out());
      assertThat(json.get("data").get(0).get("clientid").asText()).isEqualTo("ctl-c1");
      assertThat(ctl("clients", "kick", "ctl-c1").out()).isEqualTo("kicked ctl-c1\n");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
      Run again = ctl("clients", "kick", "ctl-c1");
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err()).startsWith("berth: ").contains("ctl-c1");
    } finally {
      c.close(true);
    }
  }

  @Test
  void builtInUsersAreAddedListedChangedAndRemoved() throws Exception {
    broker.close();
    Path users = Files.writeString(dir.resolve("passwd"), "");
    broker = ApiBroker.start(Files.createDirectories(dir.resolve("with-users")), "authentication = [{mechanism ="
        + " password_based, user_file = \"" + users + "\"}]\n");
    file = broker.file;
    url = "http://127.0.0.1:" + broker.service.api().port();
    Run add = child(Map.of("BERTH_USER_PASSWORD", "first secret"), "users", "add", "dev1", "--superuser");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(add.out()).isEqualTo("added user dev1 (superuser)\n");
    assertThat(ctl("users", "list").out()).containsPattern("USER +SUPERUSER\n").containsPattern("dev1 +yes");
    assertThat(Files.readString(users)).contains("dev1:");
    Run passwd = child(Map.of("BERTH_USER_PASSWORD", "second secret"), "users", "passwd", "dev1");
    assertThat(passwd.exitCode()).as(passwd.err()).isZero();
    Run noPassword = child(Map.of(), "users", "add", "dev2");
    assertThat(noPassword.err()).isEqualTo("berth: no password: set BERTH_USER_PASSWORD, or run berth ctl in a"
        + " terminal\n");
    assertThat(ctl("users", "remove", "dev1").out()).isEqualTo("removed user dev1\n");
    assertThat(ctl("users", "list").out()).isEqualTo("no users\n");
    assertThat(ctl("users", "remove", "dev1").exitCode()).isEqualTo(1);
  }

  @Test
  void unknownIdsAndTheListenerSelfTest() {
    Run stop = ctl("listeners", "stop", "tcp:nope");
    assertThat(stop.exitCode()).isEqualTo(1);
    assertThat(stop.err()).startsWith("berth: no listener tcp:nope");
    Run test = ctl("listeners", "test", "tcp:default");
    assertThat(test.exitCode()).as(test.err()).isZero();
    assertThat(test.out()).startsWith("STEP ").containsPattern("connack +ok +\\d+ ").containsPattern("receive +ok ");
    Run stopped = ctl("listeners", "test", "ssl:default"); // not running: the connect step fails
    assertThat(stopped.exitCode()).isEqualTo(1);
    assertThat(stopped.out()).containsPattern("connect +FAILED ");
  }
}
