package io.berth.server.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lockout per user name and per address, on a clock the test moves. */
class LoginGuardTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoginGuard guard = new LoginGuard(5, 300_000, now::get);

  @Test
  void attemptsInFlightCountSoParallelGuessesCannotPassTheLimit() {
    for (int i = 0; i < 5; i++) {
      assertThat(guard.tryAttempt("admin", "10.0.0.1")).isTrue(); // five bcrypt checks running at once
    }
    assertThat(guard.tryAttempt("admin", "10.0.0.1")).isFalse();
    assertThat(guard.tryAttempt("admin", "10.0.0.2")).as("the user name is locked too").isFalse();
    assertThat(guard.tryAttempt("other", "10.0.0.1")).as("and the address").isFalse();
    assertThat(guard.tryAttempt("other", "10.0.0.2")).isTrue();
    now.addAndGet(300_001);
    assertThat(guard.tryAttempt("admin", "10.0.0.1")).isTrue();
  }

  @Test
  void aSuccessClearsTheCountAndARightPasswordAwaitingItsCodeIsNoFailure() {
    for (int i = 0; i < 4; i++) {
      guard.tryAttempt("admin", "10.0.0.1");
    }
    guard.succeeded("admin", "10.0.0.1");
    for (int i = 0; i < 4; i++) {
      guard.tryAttempt("admin", "10.0.0.1");
    }
    for (int i = 0; i < 3; i++) { // the password alone, again and again: TOTP_REQUIRED each time
      assertThat(guard.tryAttempt("admin", "10.0.0.1")).isTrue();
      guard.notAFailure("admin", "10.0.0.1");
    }
    assertThat(guard.isLocked("admin", "10.0.0.1")).isFalse();
    guard.tryAttempt("admin", "10.0.0.1"); // the fifth real failure
    assertThat(guard.isLocked("admin", "10.0.0.1")).isTrue();
  }

  @Test
  void theLockSaysHowLongItLasts() {
    assertThat(guard.lockedForMillis("admin", "10.0.0.1")).isZero();
    for (int i = 0; i < 5; i++) {
      guard.tryAttempt("admin", "10.0.0.1");
    }
    assertThat(guard.lockedForMillis("admin", "10.0.0.1")).isEqualTo(300_000);
    now.addAndGet(60_000);
    assertThat(guard.lockedForMillis("admin", "10.0.0.9")).as("the user name's lock").isEqualTo(240_000);
    assertThat(guard.lockedForMillis("other", "10.0.0.1")).as("the address's lock").isEqualTo(240_000);
    assertThat(guard.lockedForMillis("other", "10.0.0.9")).isZero();
    now.addAndGet(240_001);
    assertThat(guard.lockedForMillis("admin", "10.0.0.1")).isZero();
  }
}
