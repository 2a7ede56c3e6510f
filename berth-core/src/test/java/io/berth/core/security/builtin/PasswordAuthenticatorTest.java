package io.berth.core.security.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.UserDirectory;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordAuthenticatorTest {
  private static final String ALICE_7 = PasswordFileTest.ALICE.substring("alice:".length()); // correct horse...

  private final Map<String, UserDirectory.User> table = Map.of(
      "alice", new UserDirectory.User("alice", ALICE_7, false),
      "root", new UserDirectory.User("root", PasswordHashes.create(Scheme.BCRYPT, utf8("toor")).encoded(), true),
      "scram", new UserDirectory.User("scram",
          PasswordHashes.create(Scheme.SCRAM_SHA_256, utf8("pw")).encoded(), false),
      "broken", new UserDirectory.User("broken", "$2b$nope", false));
  private final PasswordAuthenticator authenticator =
      new PasswordAuthenticator(name -> Optional.ofNullable(table.get(name)));

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private AuthResult login(String username, String password) {
    return authenticator.authenticate(new AuthRequest("tcp:default", "10.0.0.1", "c1", username,
        password == null ? null : utf8(password), null, null, MqttVersion.V5));
  }

  @Test
  void answers() {
    assertThat(authenticator.name()).isEqualTo("password_based:built_in_database");
    assertThat(login(null, "x")).isEqualTo(AuthResult.IGNORE);
    assertThat(login(null, null)).isEqualTo(AuthResult.IGNORE);
    assertThat(login("alice", null)).as("a user name without a password: not ours").isEqualTo(AuthResult.IGNORE);

    assertThat(login("alice", "correct horse battery staple")).isEqualTo(new AuthResult.Allow(false, Map.of()));
    assertThat(login("root", "toor")).isEqualTo(new AuthResult.Allow(true, Map.of()));
    assertThat(login("scram", "pw")).as("a SCRAM credential serves password login")
        .isEqualTo(new AuthResult.Allow(false, Map.of()));

    AuthResult wrong = login("alice", "correct horse battery stapler");
    AuthResult unknown = login("mallory", "correct horse battery staple");
    AuthResult broken = login("broken", "x");
    for (AuthResult r : new AuthResult[] {wrong, unknown, broken}) {
      assertThat(r).isInstanceOf(AuthResult.Deny.class);
      assertThat(((AuthResult.Deny) r).reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
    assertThat(((AuthResult.Deny) wrong).why()).isEqualTo("wrong password for user 'alice'");
    assertThat(((AuthResult.Deny) unknown).why()).isEqualTo("no user 'mallory' in the built-in database");
    assertThat(((AuthResult.Deny) broken).why()).startsWith("user 'broken' has an unusable password hash: bcrypt");
    assertThat(login("alice", "")).isInstanceOf(AuthResult.Deny.class);
  }

  /**
   * An unknown user costs a bcrypt verification like a known one: without the dummy it would answer in microseconds.
   * The bound is loose (a shared machine is noisy); what it catches is a missing dummy check.
   */
  @Test
  void unknownUsersTakeAsLongAsWrongPasswords() {
    for (int i = 0; i < 3; i++) { // warm up
      login("root", "x");
      login("nobody", "x");
    }
    long[] wrong = new long[7];
    long[] unknown = new long[7];
    // The thread's own CPU time: bcrypt runs on it, and time the machine took it away for is not the check's
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < wrong.length; i++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      login("root", "wrong");
      long t1 = cpu.getCurrentThreadCpuTime();
      login("nobody-" + i, "wrong");
      long t2 = cpu.getCurrentThreadCpuTime();
      wrong[i] = t1 - t0;
      unknown[i] = t2 - t1;
    }
    Arrays.sort(wrong);
    Arrays.sort(unknown);
    long wrongMedian = wrong[wrong.length / 2];
    long unknownMedian = unknown[unknown.length / 2];
    assertThat(unknownMedian).as("unknown %d ns vs wrong %d ns", unknownMedian, wrongMedian)
        .isGreaterThan(wrongMedian / 3)
        .isLessThan(wrongMedian * 3);
  }
}
