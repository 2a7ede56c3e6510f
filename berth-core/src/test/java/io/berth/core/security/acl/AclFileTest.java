package io.berth.core.security.acl;

import static io.berth.core.security.Authorizer.Action.PUBLISH;
import static io.berth.core.security.Authorizer.Decision.ALLOW;
import static io.berth.core.security.Authorizer.Decision.DENY;
import static io.berth.core.security.Authorizer.Decision.NO_MATCH;
import static io.berth.core.security.acl.Clients.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.acl.ReloadResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading an ACL file, and reloading it without losing good rules to a bad edit. */
class AclFileTest {
  @TempDir Path dir;

  @Test
  void loadsEitherFormat() throws Exception {
    AclFile emqx = AclFile.load(write("acl.conf", "{allow, {username, \"u\"}, publish, [\"t\"]}.\n"), AclFormat.AUTO);
    assertThat(emqx.format()).isEqualTo(AclFormat.EMQX);
    assertThat(emqx.ruleCount()).isEqualTo(1);
    assertThat(emqx.check(user("u"), PUBLISH, "t", 0, false)).isEqualTo(ALLOW);
    AclFile mosquitto = AclFile.load(write("acl_file", "user u\ntopic write t\n"), AclFormat.AUTO);
    assertThat(mosquitto.format()).isEqualTo(AclFormat.MOSQUITTO);
    assertThat(mosquitto.check(user("u"), PUBLISH, "t", 0, false)).isEqualTo(ALLOW);
    AclFile withBom = AclFile.load(write("bom", "\uFEFFuser u\ntopic write t\n"), AclFormat.AUTO);
    assertThat(withBom.format()).isEqualTo(AclFormat.MOSQUITTO);
  }

  @Test
  void theConfiguredFormatIsNotGuessed() throws Exception {
    Path p = write("acl", "user u\ntopic write t\n");
    assertThatThrownBy(() -> AclFile.load(p, AclFormat.EMQX))
        .isInstanceOf(AclFileException.class)
        .hasMessage(p + ":1: 'user u' does not start a rule, expected {allow | deny, ...}. (this looks like a"
            + " Mosquitto acl_file: set format = mosquitto)");
  }

  @Test
  void aBadFileIsAStartUpErrorWithItsLine() throws Exception {
    Path p = write("acl.conf", "{allow, all}.\n\n{allow, {username, \"u\"}, pub, [\"t\"]}.\n");
    assertThatThrownBy(() -> AclFile.load(p, AclFormat.EMQX))
        .hasMessageStartingWith(p + ":3: unknown action pub, expected publish, subscribe, all");
  }

  @Test
  void aMissingFileIsAnError() {
    Path p = dir.resolve("nope.conf");
    assertThatThrownBy(() -> AclFile.load(p, AclFormat.AUTO))
        .hasMessage(p + ": cannot be read (no such file), expected a readable ACL file");
  }

  @Test
  void reloadPutsNewRulesInForceAndChangesTheVersion() throws Exception {
    Path p = write("acl.conf", "{allow, all, publish, [\"a\"]}.\n");
    AclFile acl = AclFile.load(p, AclFormat.AUTO);
    long v1 = acl.version();
    assertThat(acl.reloadIfChanged()).isEqualTo(ReloadResult.UNCHANGED);
    assertThat(acl.version()).isEqualTo(v1);

    Files.writeString(p, "{deny, all, publish, [\"a\"]}.\n{allow, all, publish, [\"b\"]}.\n");
    ReloadResult r = acl.reloadIfChanged();
    assertThat(r.status()).isEqualTo(Status.RELOADED);
    assertThat(r.message()).isEqualTo(p + ": 2 rules (emqx format)");
    assertThat(acl.version()).isNotEqualTo(v1);
    assertThat(acl.check(user("u"), PUBLISH, "a", 0, false)).isEqualTo(DENY);
    assertThat(acl.check(user("u"), PUBLISH, "b", 0, false)).isEqualTo(ALLOW);
  }

  @Test
  void aBadEditKeepsTheOldRules() throws Exception {
    Path p = write("acl.conf", "{allow, all, publish, [\"a\"]}.\n");
    AclFile acl = AclFile.load(p, AclFormat.AUTO);
    long v1 = acl.version();
    Files.writeString(p, "{allow, all, publish, [\"a\"]}.\n{deny, al}.\n");
    ReloadResult r = acl.reloadIfChanged();
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.message()).isEqualTo(p + ":2: a 2-element rule applies to all, not al, expected {allow | deny, Who,"
        + " Action, [Topic, ...]} or {allow | deny, all}; the previous rules stay in force");
    assertThat(acl.version()).isEqualTo(v1);
    assertThat(acl.check(user("u"), PUBLISH, "a", 0, false)).isEqualTo(ALLOW);
    assertThat(acl.check(user("u"), PUBLISH, "b", 0, false)).isEqualTo(NO_MATCH);

    Files.delete(p);
    assertThat(acl.reloadIfChanged().status()).isEqualTo(Status.FAILED);
    assertThat(acl.check(user("u"), PUBLISH, "a", 0, false)).isEqualTo(ALLOW);

    Files.writeString(p, "{deny, all}.\n"); // fixed: reloaded
    assertThat(acl.reloadIfChanged().status()).isEqualTo(Status.RELOADED);
    assertThat(acl.check(user("u"), PUBLISH, "a", 0, false)).isEqualTo(DENY);
    assertThat(acl.version()).isGreaterThan(v1);
  }

  @Test
  void autoDetectsAgainOnReload() throws Exception {
    Path p = write("acl", "{allow, all, publish, [\"a\"]}.\n");
    AclFile acl = AclFile.load(p, AclFormat.AUTO);
    Files.writeString(p, "topic write a\n");
    assertThat(acl.reloadIfChanged().status()).isEqualTo(Status.RELOADED);
    assertThat(acl.format()).isEqualTo(AclFormat.MOSQUITTO);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
