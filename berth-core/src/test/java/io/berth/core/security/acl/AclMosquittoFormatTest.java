package io.berth.core.security.acl;

import static io.berth.core.security.Authorizer.Action.PUBLISH;
import static io.berth.core.security.Authorizer.Action.SUBSCRIBE;
import static io.berth.core.security.Authorizer.Decision.ALLOW;
import static io.berth.core.security.Authorizer.Decision.DENY;
import static io.berth.core.security.Authorizer.Decision.NO_MATCH;
import static io.berth.core.security.acl.AclEmqxFormatTest.pub;
import static io.berth.core.security.acl.AclEmqxFormatTest.sub;
import static io.berth.core.security.acl.Clients.anonymous;
import static io.berth.core.security.acl.Clients.client;
import static io.berth.core.security.acl.Clients.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.security.ClientIdentity;
import org.junit.jupiter.api.Test;

/** Mosquitto's acl_file as mosquitto.conf(5) describes it; "read" is subscribe, "write" is publish. */
class AclMosquittoFormatTest {

  /** A typical file, in the shape of Mosquitto's aclfile.example. */
  static final String TYPICAL = """
      # This affects access control for clients with no username.
      topic read $SYS/#

      # This only affects clients with username "roger".
      user roger
      topic foo/bar

      # Sensors write their own readings; a dashboard reads them all.
      user dashboard
      topic read sensors/#
      topic deny sensors/secret/#

      # This affects all clients.
      pattern write $SYS/broker/connection/%c/state
      pattern readwrite users/%u/#
      pattern write sensors/%c/data
      """;

  @Test
  void typicalFile() throws Exception {
    AclRules r = parse(TYPICAL);
    ClientIdentity anon = anonymous("bridge-1");
    ClientIdentity roger = user("roger");
    ClientIdentity dashboard = user("dashboard");
    assertThat(sub(r, anon, "$SYS/broker/#")).isEqualTo(ALLOW);
    assertThat(pub(r, anon, "$SYS/broker/x")).isEqualTo(NO_MATCH); // read only
    assertThat(sub(r, roger, "$SYS/broker/#")).isEqualTo(NO_MATCH); // anonymous lines are not roger's
    assertThat(pub(r, roger, "foo/bar")).isEqualTo(ALLOW); // no access word: readwrite
    assertThat(sub(r, roger, "foo/bar")).isEqualTo(ALLOW);
    assertThat(pub(r, roger, "foo/baz")).isEqualTo(NO_MATCH);
    assertThat(sub(r, dashboard, "sensors/#")).isEqualTo(DENY); // would receive sensors/secret/...
    assertThat(sub(r, dashboard, "sensors/+/data")).isEqualTo(DENY); // sensors/secret/data
    assertThat(sub(r, dashboard, "sensors/kitchen/#")).isEqualTo(ALLOW);
    assertThat(sub(r, dashboard, "sensors/secret/x")).isEqualTo(DENY);
    assertThat(pub(r, dashboard, "sensors/a/data")).isEqualTo(NO_MATCH);
    // patterns apply to everyone, with %c and %u filled in
    assertThat(pub(r, anon, "$SYS/broker/connection/bridge-1/state")).isEqualTo(ALLOW);
    assertThat(pub(r, anon, "$SYS/broker/connection/other/state")).isEqualTo(NO_MATCH);
    assertThat(sub(r, roger, "users/roger/#")).isEqualTo(ALLOW);
    assertThat(pub(r, roger, "users/roger/inbox")).isEqualTo(ALLOW);
    assertThat(pub(r, anon, "users/%u/x")).isEqualTo(NO_MATCH); // no user name: %u patterns never match
    assertThat(pub(r, client("t1", null, "10.0.0.1"), "sensors/t1/data")).isEqualTo(ALLOW);
    assertThat(sub(r, client("t1", null, "10.0.0.1"), "sensors/t1/data")).isEqualTo(NO_MATCH); // write only
  }

  @Test
  void denyLinesComeFirstWithinASection() throws Exception {
    AclRules r = parse("""
        user u
        topic readwrite a/#
        topic deny a/private/#
        pattern readwrite p/#
        pattern deny p/%u/#
        """);
    ClientIdentity u = user("u");
    assertThat(pub(r, u, "a/x")).isEqualTo(ALLOW);
    assertThat(pub(r, u, "a/private/x")).isEqualTo(DENY); // although a/# is written first
    assertThat(sub(r, u, "a/private/+")).isEqualTo(DENY);
    assertThat(pub(r, u, "p/x")).isEqualTo(ALLOW);
    assertThat(pub(r, u, "p/u/x")).isEqualTo(DENY);
    assertThat(pub(r, user("v"), "p/u/x")).isEqualTo(ALLOW);
  }

  @Test
  void userSectionsPrecedePatterns() throws Exception {
    AclRules r = parse("""
        pattern deny shared/#
        user admin
        topic readwrite shared/#
        """);
    assertThat(pub(r, user("admin"), "shared/x")).isEqualTo(ALLOW); // Mosquitto checks the user's list first
    assertThat(pub(r, user("other"), "shared/x")).isEqualTo(DENY);
  }

  @Test
  void aRepeatedUserLineAddsToTheSameSection() throws Exception {
    AclRules r = parse("""
        user a
        topic write x/#
        user b
        topic write y/#
        user a
        topic deny x/no
        """);
    assertThat(pub(r, user("a"), "x/no")).isEqualTo(DENY);
    assertThat(pub(r, user("a"), "x/yes")).isEqualTo(ALLOW);
    assertThat(pub(r, user("b"), "x/yes")).isEqualTo(NO_MATCH);
  }

  @Test
  void readIsSubscribeAndWriteIsPublish() throws Exception {
    AclRules r = parse("topic read r/#\ntopic write w/#\ntopic readwrite rw/#\n");
    ClientIdentity c = anonymous("c");
    assertThat(sub(r, c, "r/a")).isEqualTo(ALLOW);
    assertThat(pub(r, c, "r/a")).isEqualTo(NO_MATCH);
    assertThat(pub(r, c, "w/a")).isEqualTo(ALLOW);
    assertThat(sub(r, c, "w/a")).isEqualTo(NO_MATCH);
    assertThat(pub(r, c, "rw/a")).isEqualTo(ALLOW);
    assertThat(sub(r, c, "rw/a")).isEqualTo(ALLOW);
  }

  @Test
  void topicLinesAreLiteralAndSpacesNeedAnAccessWord() throws Exception {
    AclRules r = parse("  topic write a/%c/b\ntopic read with space/#\n\t# indented comment\r\ntopic read\n");
    ClientIdentity c = anonymous("c1");
    assertThat(pub(r, c, "a/%c/b")).isEqualTo(ALLOW); // no substitution on topic lines
    assertThat(pub(r, c, "a/c1/b")).isEqualTo(NO_MATCH);
    assertThat(sub(r, c, "with space/x")).isEqualTo(ALLOW);
    assertThat(pub(r, c, "read")).isEqualTo(ALLOW); // one word is the topic, readwrite (as Mosquitto)
  }

  @Test
  void dollarTopicsNeedDollarRules() throws Exception {
    AclRules r = parse("topic readwrite #\n");
    assertThat(sub(r, anonymous("c"), "$SYS/#")).isEqualTo(NO_MATCH);
    assertThat(pub(r, anonymous("c"), "$SYS/x")).isEqualTo(NO_MATCH);
    assertThat(pub(r, anonymous("c"), "x")).isEqualTo(ALLOW);
  }

  @Test
  void formatIsDetected() {
    assertThat(AclFormat.detect(TYPICAL)).isEqualTo(AclFormat.MOSQUITTO);
    assertThat(AclFormat.detect("user u\n")).isEqualTo(AclFormat.MOSQUITTO);
    assertThat(AclFormat.detect("# only a comment\n")).isEqualTo(AclFormat.MOSQUITTO);
    assertThat(AclFormat.detect(AclEmqxFormatTest.EMQX_DEFAULT)).isEqualTo(AclFormat.EMQX);
    assertThat(AclFormat.detect("\n{allow, all}.")).isEqualTo(AclFormat.EMQX);
    assertThat(AclFormat.detect("")).isEqualTo(AclFormat.EMQX);
    assertThat(AclFormat.fromConfig(" Mosquitto ")).isEqualTo(AclFormat.MOSQUITTO);
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    assertThat(AclRules.parse("\uFEFFuser u\ntopic write a\n", "f", AclFormat.AUTO).size()).isEqualTo(1);
    assertThat(AclRules.parse("\uFEFF{allow, all}.", "f", AclFormat.AUTO).size()).isEqualTo(1);
  }

  @Test
  void autoReadsEitherFormat() throws Exception {
    assertThat(AclRules.parse(TYPICAL, "f", AclFormat.AUTO).check(user("roger"), PUBLISH, "foo/bar", 0, false))
        .isEqualTo(ALLOW);
    assertThat(AclRules.parse("{deny, all}.", "f", AclFormat.AUTO).check(user("x"), SUBSCRIBE, "a", 0, false))
        .isEqualTo(DENY);
  }

  static AclRules parse(String text) throws AclFileException {
    return AclRules.parse(text, "etc/acl_file", AclFormat.MOSQUITTO);
  }
}
