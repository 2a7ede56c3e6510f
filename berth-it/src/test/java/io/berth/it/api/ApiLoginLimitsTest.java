package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static io.berth.it.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Lockout after 5 failed logins and token expiry, on a broker with short times (5 s: what must happen within them
 * still has seconds to spare on a loaded machine, where each login's bcrypt check takes a while).
 */
class ApiLoginLimitsTest extends OwnBrokerPerTest {
  @Test
  void fiveFailedLoginsLockForLockoutTimeWhateverThePassword() throws Exception {
    broker = ApiBroker.start(dir, "dashboard.lockout_time = 5s\n");
    broker.adminToken();
    Api api = broker.api;
    Api.Reply unknownUser = api.post("/api/v5/login", null, json("username", "nobody", "password", "x"))
        .error(401, "BAD_USERNAME_OR_PWD");
    Api.Reply wrongPassword = api.post("/api/v5/login", null, json("username", "admin", "password", "x"))
        .error(401, "BAD_USERNAME_OR_PWD");
    assertThat(unknownUser.raw().body()).isEqualTo(wrongPassword.raw().body()); // no hint which was wrong
    for (int i = 0; i < 3; i++) {
      api.post("/api/v5/login", null, json("username", "admin", "password", "x" + i)).error(401,
          "BAD_USERNAME_OR_PWD");
    }
    // five failures from this address: locked, and the right password gets the same answer as a wrong one
    api.post("/api/v5/login", null, json("username", "admin", "password", ApiBroker.PASSWORD)).error(429, "LOCKED");
    api.post("/api/v5/login", null, json("username", "admin", "password", "x")).error(429, "LOCKED");
    Awaitility.await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(10)).until(() ->
        api.post("/api/v5/login", null, json("username", "admin", "password", ApiBroker.PASSWORD)).status() == 200);
  }

  @Test
  void tokensExpireAfterTokenTtlWithoutUse() throws Exception {
    broker = ApiBroker.start(dir, "dashboard.token_ttl = 5s\n");
    String token = broker.adminToken();
    for (int i = 0; i < 4; i++) { // each use renews it (sliding): 4 x 1.5 s outlives the 5 s
      Thread.sleep(1500);
      broker.api.get("/api/v5/listeners", bearer(token)).is(200);
    }
    Awaitility.await().pollDelay(Duration.ofMillis(5200)).atMost(Duration.ofSeconds(10)).until(() -> true);
    broker.api.get("/api/v5/listeners", bearer(token)).error(401, "UNAUTHORIZED");
  }
}
