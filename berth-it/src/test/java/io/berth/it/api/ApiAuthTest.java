package io.berth.it.api;

import static io.berth.it.api.Api.basic;
import static io.berth.it.api.Api.bearer;
import static io.berth.it.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.api.auth.Base32;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management API's logins over real HTTP: the generated first password and the forced change, tokens and
 * logout, TOTP enrolment with codes computed here, recovery codes, API keys, the audit log, errors and headers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiAuthTest {
  @TempDir static Path dir;
  static ApiBroker broker;
  static Api api;
  static String token;
  static final List<String> SECRETS_SEEN = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    broker = ApiBroker.start(dir, "");
    api = broker.api;
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  @Order(1)
  void theFirstStartCreatesTheAdminAndTheFirstLoginMustChangeThePassword() throws Exception {
    Path initial = broker.data.resolve("initial_admin_password");
    assertThat(Files.getPosixFilePermissions(initial)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(broker.data.resolve("admins.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String generated = broker.initialPassword();
    assertThat(generated).hasSize(20);
    assertThat(Files.readString(broker.data.resolve("admins.json"))).contains("$2").doesNotContain(generated);
    SECRETS_SEEN.add(generated);

    Api.Reply login = api.post("/api/v5/login", null, json("username", "admin", "password", generated)).is(200);
    assertThat(login.json().get("must_change_password").asBoolean()).isTrue();
    assertThat(Instant.parse(login.json().get("expires_at").asText())).isAfter(Instant.now().plusSeconds(3000));
    String first = login.json().get("token").asText();
    SECRETS_SEEN.add(first);
    api.get("/api/v5/listeners", bearer(first)).error(403, "PASSWORD_CHANGE_REQUIRED");
    assertThat(api.get("/api/v5/users/me", bearer(first)).is(200).json().get("must_change_password").asBoolean())
        .isTrue();

    api.post("/api/v5/users/me/password", bearer(first), json("old_password", generated, "new_password", "short"))
        .error(400, "BAD_REQUEST").message();
    assertThat(api.post("/api/v5/users/me/password", bearer(first), json("old_password", "nope", "new_password",
        ApiBroker.PASSWORD)).error(400, "BAD_PASSWORD").message()).contains("old_password");
    assertThat(api.post("/api/v5/users/me/password", bearer(first), json("old_password", generated,
        "new_password", "short")).message()).contains("new_password");
    api.post("/api/v5/users/me/password", bearer(first), json("old_password", generated, "new_password",
        ApiBroker.PASSWORD)).is(204);
    assertThat(initial).doesNotExist();
    api.get("/api/v5/listeners", bearer(first)).is(200);
    api.post("/api/v5/login", null, json("username", "admin", "password", generated))
        .error(401, "BAD_USERNAME_OR_PWD");
    token = broker.login(ApiBroker.PASSWORD);
    SECRETS_SEEN.add(token);
    assertThat(api.post("/api/v5/login", null, json("username", "admin", "password", ApiBroker.PASSWORD)).json()
        .get("must_change_password").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  void logoutRevokesTheToken() throws Exception {
    String t = broker.login(ApiBroker.PASSWORD);
    api.get("/api/v5/listeners", bearer(t)).is(200);
    api.post("/api/v5/logout", bearer(t), null).is(204);
    api.get("/api/v5/listeners", bearer(t)).error(401, "UNAUTHORIZED");
    api.get("/api/v5/listeners", null).error(401, "UNAUTHORIZED");
    api.get("/api/v5/listeners", bearer("x".repeat(43))).error(401, "UNAUTHORIZED");
  }

  @Test
  @Order(3)
  void statusAndTheOpenApiFileNeedNoLoginAndEveryResponseHasTheSecurityHeaders() throws Exception {
    Api.Reply status = api.get("/api/v5/status", null).is(200);
    assertThat(status.json().get("status").asText()).isEqualTo("running");
    assertThat(status.json().get("node").asText()).isEqualTo("berth@127.0.0.1");
    assertThat(status.json().get("uptime").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(status.json().get("version").asText()).isNotEmpty();
    Api.Reply docs = api.get("/api-docs", null).is(200);
    assertThat(docs.raw().body()).startsWith("openapi: 3").contains("/api/v5/listeners/{id}/restart:");
    for (Api.Reply r : List.of(status, docs, api.get("/api/v5/nothing", bearer(token)),
        api.get("/api/v5/listeners", null))) {
      assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'self'");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
    assertThat(status.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @Order(4)
  void errorsAreJsonWithTheRightStatusAndNameTheField() throws Exception {
    assertThat(api.post("/api/v5/login", null, "{\"username\":\"admin\",\"pasword\":\"x\"}")
        .error(400, "BAD_REQUEST").message()).contains("'pasword'", "password");
    assertThat(api.post("/api/v5/login", null, "{\"username\":\"admin\"}").error(400, "BAD_REQUEST").message())
        .contains("'password'");
    assertThat(api.post("/api/v5/login", null, "{\"username\":[1],\"password\":\"x\"}")
        .error(400, "BAD_REQUEST").message()).contains("'username'");
    api.post("/api/v5/login", null, "{\"username\":").error(400, "BAD_REQUEST");
    api.get("/api/v5/nothing", bearer(token)).error(404, "NOT_FOUND");
    api.get("/api/v5/listeners/tcp:nope", bearer(token)).error(404, "NOT_FOUND");
    api.send("PATCH", "/api/v5/listeners", bearer(token), "{}").error(405, "METHOD_NOT_ALLOWED");
    String big = json("name", "x".repeat(70_000));
    api.post("/api/v5/api_key", bearer(token), big).error(413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  @Order(5)
  void totpEnrolmentThenLoginNeedsAFreshCodeOrARecoveryCodeOnce() throws Exception {
    JsonNode enrol = api.post("/api/v5/users/me/totp", bearer(token), null).is(200).json();
    String secret = enrol.get("secret").asText();
    assertThat(enrol.get("otpauth_uri").asText()).startsWith("otpauth://totp/Berth:admin?secret=" + secret);
    byte[] png = Base64.getDecoder().decode(enrol.get("qr_png_base64").asText());
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    // not active until confirmed
    broker.login(ApiBroker.PASSWORD);
    api.post("/api/v5/users/me/totp/confirm", bearer(token), json("code", "000000x")).error(400, "BAD_TOTP");
    JsonNode confirmed = api.post("/api/v5/users/me/totp/confirm", bearer(token), json("code",
        code(secret, Instant.now()))).is(200).json();
    List<String> recovery = new ArrayList<>();
    confirmed.get("recovery_codes").forEach(c -> recovery.add(c.asText()));
    assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
    SECRETS_SEEN.add(secret);
    SECRETS_SEEN.addAll(recovery);

    String login = "{\"username\":\"admin\",\"password\":\"" + ApiBroker.PASSWORD + "\"";
    api.post("/api/v5/login", null, login + "}").error(401, "TOTP_REQUIRED");
    // a code of the next 30 s step (allowed for clock drift) is one the confirmation did not use
    String next = code(secret, Instant.now().plus(Duration.ofSeconds(30)));
    api.post("/api/v5/login", null, login + ",\"totp\":\"" + next + "\"}").is(200);
    api.post("/api/v5/login", null, login + ",\"totp\":\"" + next + "\"}").error(401, "BAD_TOTP"); // replay
    api.post("/api/v5/login", null, login + ",\"totp\":\"" + code(secret, Instant.now()) + "\"}")
        .error(401, "BAD_TOTP"); // older than the last one used
    api.post("/api/v5/login", null, login + ",\"totp\":\"" + recovery.get(0) + "\"}").is(200);
    api.post("/api/v5/login", null, login + ",\"totp\":\"" + recovery.get(0) + "\"}").error(401, "BAD_TOTP");
    assertThat(api.get("/api/v5/users/me", bearer(token)).json().get("totp_enabled").asBoolean()).isTrue();
    api.post("/api/v5/users/me/totp", bearer(token), null).error(409, "TOTP_ENABLED");

    api.send("DELETE", "/api/v5/users/me/totp", bearer(token), json("password", "wrong", "code", recovery.get(1)))
        .error(400, "BAD_PASSWORD");
    api.send("DELETE", "/api/v5/users/me/totp", bearer(token), json("password", ApiBroker.PASSWORD,
        "code", recovery.get(1))).is(204);
    broker.login(ApiBroker.PASSWORD); // no code needed any more
  }

  @Test
  @Order(6)
  void apiKeysWorkWithBasicAuthUntilRevoked() throws Exception {
    JsonNode created = api.post("/api/v5/api_key", bearer(token), json("name", "deploy script")).is(201).json();
    String key = created.get("key").asText();
    String secret = created.get("secret").asText();
    SECRETS_SEEN.add(secret);
    api.get("/api/v5/listeners", basic(key, secret)).is(200);
    api.get("/api/v5/listeners", basic(key, secret + "x")).error(401, "UNAUTHORIZED");
    api.get("/api/v5/api_key", basic(key, secret)).error(403, "FORBIDDEN"); // keys do not make keys
    JsonNode list = api.get("/api/v5/api_key", bearer(token)).is(200).json();
    assertThat(list).hasSize(2); // and first the key of berth ctl, made at start (data/ctl.key)
    assertThat(list.get(0).get("created_by").asText()).isEqualTo("berth start");
    assertThat(list.get(1).get("key").asText()).isEqualTo(key);
    assertThat(list.get(1).get("name").asText()).isEqualTo("deploy script");
    assertThat(list.get(1).get("created_by").asText()).isEqualTo("admin");
    assertThat(list.get(1).has("secret")).isFalse();
    assertThat(Files.readString(broker.data.resolve("admins.json"))).contains(key).doesNotContain(secret);
    api.send("DELETE", "/api/v5/api_key/" + key, bearer(token), null).is(204);
    api.send("DELETE", "/api/v5/api_key/" + key, bearer(token), null).error(404, "NOT_FOUND");
    api.get("/api/v5/listeners", basic(key, secret)).error(401, "UNAUTHORIZED");
  }

  @Test
  @Order(7)
  void theAuditLogHasEveryActionAndNoSecret() throws Exception {
    Path log = broker.data.resolve("audit.log");
    assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    List<String> lines = Files.readAllLines(log);
    List<JsonNode> entries = new ArrayList<>();
    for (String l : lines) {
      JsonNode e = Api.JSON.readTree(l);
      assertThat(e.fieldNames()).toIterable()
          .containsExactly("time", "user", "address", "action", "target", "outcome");
      entries.add(e);
      for (String secret : SECRETS_SEEN) {
        assertThat(l).doesNotContain(secret);
      }
      assertThat(l).doesNotContain(ApiBroker.PASSWORD);
    }
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.get("action").asText()).isEqualTo("login");
      assertThat(e.get("outcome").asText()).isEqualTo("BAD_USERNAME_OR_PWD");
      assertThat(e.get("address").asText()).isEqualTo("127.0.0.1");
    });
    for (String action : List.of("login", "logout", "password_change", "totp_enable", "totp_disable",
        "api_key_create", "api_key_delete")) {
      assertThat(entries).as(action).anySatisfy(e -> {
        assertThat(e.get("action").asText()).isEqualTo(action);
        assertThat(e.get("outcome").asText()).isEqualTo("success");
        assertThat(e.get("user").asText()).isEqualTo("admin");
      });
    }
  }

  private static String code(String base32, Instant at) throws Exception {
    TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator();
    return String.format("%06d", g.generateOneTimePassword(new SecretKeySpec(Base32.decode(base32), "HmacSHA1"),
        at));
  }
}
