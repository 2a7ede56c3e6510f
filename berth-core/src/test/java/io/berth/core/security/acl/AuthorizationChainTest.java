package io.berth.core.security.acl;

import static io.berth.core.security.Authorizer.Action.PUBLISH;
import static io.berth.core.security.Authorizer.Action.SUBSCRIBE;
import static io.berth.core.security.acl.Clients.superuser;
import static io.berth.core.security.acl.Clients.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.Authorizer;
import io.berth.core.security.acl.AuthorizationSettings.CacheSettings;
import io.berth.core.security.acl.AuthorizationSettings.DenyAction;
import io.berth.core.security.acl.AuthorizationSettings.NoMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources in order, superusers, the $SYS default and no_match. */
class AuthorizationChainTest {
  private static final AuthorizationSettings DEFAULTS = AuthorizationSettings.defaults();

  @Test
  void firstSourceWithARuleDecides() throws Exception {
    Authorizer first = rules("{deny, {username, \"eve\"}, all, [\"#\"]}.");
    Authorizer second = rules("{allow, all, publish, [\"t/#\"]}.\n{deny, all, publish, [\"x\"]}.");
    AuthorizationChain chain = new AuthorizationChain(List.of(first, second), allowOnNoMatch());
    assertThat(chain.allows(user("eve"), PUBLISH, "t/1", 0, false)).isFalse(); // first says deny
    assertThat(chain.allows(user("bob"), PUBLISH, "t/1", 0, false)).isTrue(); // first has nothing; second allows
    assertThat(chain.allows(user("bob"), PUBLISH, "x", 0, false)).isFalse(); // second denies despite no_match
    assertThat(chain.allows(user("bob"), PUBLISH, "y", 0, false)).isTrue(); // nobody: no_match = allow
  }

  @Test
  void noMatchDeniesByDefault() throws Exception {
    AuthorizationChain chain = new AuthorizationChain(List.of(rules("{allow, all, publish, [\"t\"]}.")), DEFAULTS);
    assertThat(chain.allows(user("bob"), PUBLISH, "t", 0, false)).isTrue();
    assertThat(chain.allows(user("bob"), PUBLISH, "u", 0, false)).isFalse();
    assertThat(new AuthorizationChain(List.of(), DEFAULTS).allows(user("bob"), SUBSCRIBE, "a", 0, false)).isFalse();
    assertThat(new AuthorizationChain(List.of(), allowOnNoMatch()).allows(user("bob"), SUBSCRIBE, "a", 0, false))
        .isTrue();
  }

  @Test
  void superusersBypassEveryRule() throws Exception {
    AuthorizationChain chain = new AuthorizationChain(List.of(rules("{deny, all}.")), DEFAULTS);
    assertThat(chain.allows(superuser("root"), PUBLISH, "a", 2, true)).isTrue();
    assertThat(chain.allows(superuser("root"), SUBSCRIBE, "$SYS/#", 0, false)).isTrue();
    assertThat(chain.allows(user("root"), PUBLISH, "a", 2, true)).isFalse();
  }

  @Test
  void sysTopicsAreForSuperusersUnlessARuleAllowsThem() throws Exception {
    AuthorizationChain open = new AuthorizationChain(List.of(rules("{allow, all, subscribe, [\"#\"]}.")),
        allowOnNoMatch());
    assertThat(open.allows(user("bob"), SUBSCRIBE, "$SYS/#", 0, false)).isFalse();
    assertThat(open.allows(user("bob"), SUBSCRIBE, "$SYS", 0, false)).isFalse();
    assertThat(open.allows(user("bob"), SUBSCRIBE, "$SYSTEM/x", 0, false)).isTrue(); // not $SYS
    assertThat(open.allows(user("bob"), SUBSCRIBE, "#", 0, false)).isTrue(); // '#' does not deliver $SYS
    assertThat(open.allows(superuser("root"), SUBSCRIBE, "$SYS/#", 0, false)).isTrue();

    AuthorizationChain explicit = new AuthorizationChain(
        List.of(rules("{allow, {username, \"ops\"}, subscribe, [\"$SYS/brokers/#\"]}.")), allowOnNoMatch());
    assertThat(explicit.allows(user("ops"), SUBSCRIBE, "$SYS/brokers/+/uptime", 0, false)).isTrue();
    assertThat(explicit.allows(user("bob"), SUBSCRIBE, "$SYS/brokers/+/uptime", 0, false)).isFalse();

    AuthorizationSettings off = new AuthorizationSettings(NoMatch.ALLOW, DenyAction.IGNORE, false,
        CacheSettings.defaults());
    assertThat(new AuthorizationChain(List.of(), off).allows(user("bob"), SUBSCRIBE, "$SYS/#", 0, false)).isTrue();
  }

  @Test
  void aMosquittoAnonymousSysLineStillWorks(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("acl_file"), AclMosquittoFormatTest.TYPICAL);
    AuthorizationChain chain = new AuthorizationChain(List.of(AclFile.load(file, AclFormat.AUTO)), DEFAULTS);
    assertThat(chain.allows(Clients.anonymous("b"), SUBSCRIBE, "$SYS/broker/load/#", 0, false)).isTrue();
    assertThat(chain.allows(user("roger"), SUBSCRIBE, "$SYS/broker/load/#", 0, false)).isFalse();
  }

  @Test
  void settingsFromConfigValues() {
    assertThat(NoMatch.fromConfig("allow")).isEqualTo(NoMatch.ALLOW);
    assertThat(DenyAction.fromConfig(" Disconnect")).isEqualTo(DenyAction.DISCONNECT);
    assertThatThrownBy(() -> NoMatch.fromConfig("maybe")).hasMessage("expected allow or deny");
    assertThatThrownBy(() -> DenyAction.fromConfig("kick")).hasMessage("expected ignore or disconnect");
    assertThatThrownBy(() -> AclFormat.fromConfig("hivemq")).hasMessage("expected auto, emqx or mosquitto");
    assertThatThrownBy(() -> new CacheSettings(true, 0, Duration.ofMinutes(1)))
        .hasMessage("cache.max_size must be 1..1024");
    assertThatThrownBy(() -> new CacheSettings(true, 32, Duration.ZERO))
        .hasMessage("cache.ttl must be positive, e.g. 1m");
    AuthorizationSettings d = AuthorizationSettings.defaults();
    assertThat(d.noMatch()).isEqualTo(NoMatch.DENY);
    assertThat(d.denyAction()).isEqualTo(DenyAction.IGNORE);
    assertThat(d.sysTopicsSuperuserOnly()).isTrue();
    assertThat(d.cache()).isEqualTo(new CacheSettings(true, 32, Duration.ofMinutes(1)));
    assertThat(new AuthorizationChain(List.of(), d).denyAction()).isEqualTo(DenyAction.IGNORE);
  }

  static AuthorizationSettings allowOnNoMatch() {
    return new AuthorizationSettings(NoMatch.ALLOW, DenyAction.IGNORE, true, CacheSettings.defaults());
  }

  /** An Authorizer over EMQX rules text. */
  static Authorizer rules(String emqx) throws AclFileException {
    AclRules r = AclRules.parse(emqx, "test.conf", AclFormat.EMQX);
    return r::check;
  }
}
