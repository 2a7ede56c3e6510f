package io.berth.core.security.acl;

import static io.berth.core.security.Authorizer.Action.PUBLISH;
import static io.berth.core.security.Authorizer.Action.SUBSCRIBE;
import static io.berth.core.security.Authorizer.Decision.ALLOW;
import static io.berth.core.security.Authorizer.Decision.DENY;
import static io.berth.core.security.Authorizer.Decision.NO_MATCH;
import static io.berth.core.security.acl.Clients.anonymous;
import static io.berth.core.security.acl.Clients.client;
import static io.berth.core.security.acl.Clients.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.security.Authorizer.Action;
import io.berth.core.security.Authorizer.Decision;
import io.berth.core.security.ClientIdentity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every term of EMQX's acl.conf, read and applied. */
class AclEmqxFormatTest {

  @Test
  void username() throws Exception {
    AclRules r = parse("{allow, {username, \"u\"}, subscribe, [\"t/#\"]}.");
    assertThat(sub(r, user("u"), "t/x")).isEqualTo(ALLOW);
    assertThat(sub(r, user("v"), "t/x")).isEqualTo(NO_MATCH);
    assertThat(sub(r, anonymous("u"), "t/x")).isEqualTo(NO_MATCH); // a client id is not a user name
    assertThat(pub(r, user("u"), "t/x")).isEqualTo(NO_MATCH); // subscribe only
  }

  @Test
  void userAndClientAliases() throws Exception {
    AclRules r = parse("{allow, {user, \"u\"}, publish, [\"a\"]}.\n{allow, {client, \"c\"}, publish, [\"b\"]}.");
    assertThat(pub(r, user("u"), "a")).isEqualTo(ALLOW);
    assertThat(pub(r, anonymous("c"), "b")).isEqualTo(ALLOW);
    assertThat(pub(r, anonymous("d"), "b")).isEqualTo(NO_MATCH);
  }

  @Test
  void regularExpressionsAreFoundAnywhereUnlessAnchored() throws Exception {
    AclRules r = parse("""
        {allow, {clientid, {re, "^dev-"}}, publish, ["d/${clientid}/#"]}.
        {allow, {username, {re, "admin"}}, all, ["#"]}.
        """);
    assertThat(pub(r, anonymous("dev-1"), "d/dev-1/temp")).isEqualTo(ALLOW);
    assertThat(pub(r, anonymous("dev-1"), "d/dev-2/temp")).isEqualTo(NO_MATCH);
    assertThat(pub(r, anonymous("x-dev-1"), "d/x-dev-1/temp")).isEqualTo(NO_MATCH);
    assertThat(sub(r, user("sysadmin2"), "x/#")).isEqualTo(ALLOW);
    assertThat(sub(r, anonymous("admin"), "x/#")).isEqualTo(NO_MATCH); // no user name never matches
  }

  @Test
  void ipaddrAndIpaddrs() throws Exception {
    AclRules r = parse("""
        {allow, {ipaddr, "127.0.0.1"}, all, ["$SYS/#", "#"]}.
        {allow, {ipaddr, "10.0.0.0/8"}, publish, ["ten"]}.
        {allow, {ipaddrs, ["192.168.0.0/16", "2001:db8::/32"]}, publish, ["lan"]}.
        """);
    assertThat(sub(r, client("c", null, "127.0.0.1"), "$SYS/brokers/#")).isEqualTo(ALLOW);
    assertThat(pub(r, client("c", null, "127.0.0.1"), "any/thing")).isEqualTo(ALLOW);
    assertThat(sub(r, client("c", null, "127.0.0.2"), "$SYS/brokers/#")).isEqualTo(NO_MATCH);
    assertThat(pub(r, client("c", null, "10.9.8.7"), "ten")).isEqualTo(ALLOW);
    assertThat(pub(r, client("c", null, "192.168.3.4"), "lan")).isEqualTo(ALLOW);
    assertThat(pub(r, client("c", null, "2001:db8::42"), "lan")).isEqualTo(ALLOW);
    assertThat(pub(r, client("c", null, "2001:db9::42"), "lan")).isEqualTo(NO_MATCH);
    assertThat(pub(r, client("c", null, "not-an-address"), "lan")).isEqualTo(NO_MATCH);
  }

  @Test
  void andOr() throws Exception {
    AclRules r = parse("""
        {allow, {'and', [{username, "u"}, {ipaddr, "10.0.0.0/8"}]}, publish, ["both"]}.
        {allow, {'or', [{username, "u"}, {clientid, "c"}]}, publish, ["either"]}.
        {allow, {'and', [{'or', [{user, "a"}, {user, "b"}]}, {clientid, {re, "^x"}}]}, publish, ["nested"]}.
        """);
    assertThat(pub(r, client("c1", "u", "10.1.1.1"), "both")).isEqualTo(ALLOW);
    assertThat(pub(r, client("c1", "u", "11.1.1.1"), "both")).isEqualTo(NO_MATCH);
    assertThat(pub(r, client("c", null, "11.1.1.1"), "either")).isEqualTo(ALLOW);
    assertThat(pub(r, client("d", "u", "11.1.1.1"), "either")).isEqualTo(ALLOW);
    assertThat(pub(r, client("d", "v", "11.1.1.1"), "either")).isEqualTo(NO_MATCH);
    assertThat(pub(r, client("x1", "b", "11.1.1.1"), "nested")).isEqualTo(ALLOW);
    assertThat(pub(r, client("y1", "b", "11.1.1.1"), "nested")).isEqualTo(NO_MATCH);
  }

  @Test
  void qosAndRetainConditions() throws Exception {
    AclRules r = parse("""
        {allow, all, {publish, [{qos, [0,1]}, {retain, false}]}, ["t/#"]}.
        {deny, all, {subscribe, [{qos, 2}]}, ["#"]}.
        {allow, all, {all, [{retain, true}]}, ["r/#"]}.
        {allow, all, {publish, [{qos, 0}, {qos, 2}]}, ["q/#"]}.
        """);
    ClientIdentity c = anonymous("c");
    assertThat(check(r, c, PUBLISH, "t/1", 0, false)).isEqualTo(ALLOW);
    assertThat(check(r, c, PUBLISH, "t/1", 1, false)).isEqualTo(ALLOW);
    assertThat(check(r, c, PUBLISH, "t/1", 2, false)).isEqualTo(NO_MATCH);
    assertThat(check(r, c, PUBLISH, "t/1", 0, true)).isEqualTo(NO_MATCH);
    assertThat(check(r, c, SUBSCRIBE, "t/1", 0, false)).isEqualTo(NO_MATCH);
    assertThat(check(r, c, SUBSCRIBE, "x", 2, false)).isEqualTo(DENY);
    assertThat(check(r, c, SUBSCRIBE, "x", 1, false)).isEqualTo(NO_MATCH);
    assertThat(check(r, c, PUBLISH, "r/1", 1, true)).isEqualTo(ALLOW);
    assertThat(check(r, c, PUBLISH, "r/1", 1, false)).isEqualTo(NO_MATCH);
    assertThat(check(r, c, SUBSCRIBE, "r/1", 1, false)).isEqualTo(ALLOW); // retain says nothing about SUBSCRIBE
    assertThat(check(r, c, PUBLISH, "q/1", 0, false)).isEqualTo(ALLOW); // qos conditions add up
    assertThat(check(r, c, PUBLISH, "q/1", 2, false)).isEqualTo(ALLOW);
    assertThat(check(r, c, PUBLISH, "q/1", 1, false)).isEqualTo(NO_MATCH);
  }

  @Test
  void eqIsLiteralEquality() throws Exception {
    AclRules r = parse("""
        {deny, all, subscribe, [{eq, "#"}, "eq a/+"]}.
        {allow, all, subscribe, ["#"]}.
        """);
    ClientIdentity c = anonymous("c");
    assertThat(sub(r, c, "#")).isEqualTo(DENY);
    assertThat(sub(r, c, "a/+")).isEqualTo(DENY);
    assertThat(sub(r, c, "a/b")).isEqualTo(ALLOW); // not "a/+" itself
    assertThat(sub(r, c, "x/#")).isEqualTo(ALLOW);
  }

  @Test
  void subscriptionsMustBeCoveredByTheRule() throws Exception {
    AclRules r = parse("{allow, all, subscribe, [\"a/b/#\", \"x/+/z\"]}.");
    ClientIdentity c = anonymous("c");
    assertThat(sub(r, c, "a/b/c/+")).isEqualTo(ALLOW);
    assertThat(sub(r, c, "a/#")).isEqualTo(NO_MATCH); // would receive a/c too
    assertThat(sub(r, c, "x/y/z")).isEqualTo(ALLOW);
    assertThat(sub(r, c, "x/+/z")).isEqualTo(ALLOW);
    assertThat(sub(r, c, "x/#")).isEqualTo(NO_MATCH);
  }

  @Test
  void denyRulesRefuseEverySubscriptionThatCouldReceiveADeniedTopic() throws Exception {
    AclRules r = parse("""
        {deny, all, subscribe, ["secret/#", "a/b"]}.
        {allow, all, subscribe, ["#"]}.
        """);
    ClientIdentity c = anonymous("c");
    assertThat(sub(r, c, "#")).isEqualTo(DENY); // "#" would deliver secret/x
    assertThat(sub(r, c, "+/x")).isEqualTo(DENY); // secret/x
    assertThat(sub(r, c, "a/+")).isEqualTo(DENY); // a/b
    assertThat(sub(r, c, "a/c")).isEqualTo(ALLOW);
    assertThat(sub(r, c, "+/x/y")).isEqualTo(DENY); // secret/x/y
    assertThat(sub(r, c, "x/+")).isEqualTo(ALLOW);
  }

  @Test
  void templates() throws Exception {
    AclRules r = parse("""
        {allow, all, publish, ["u/${username}/#", "c/%c", "u2/%u"]}.
        {allow, all, subscribe, ["cert/${cert_common_name}/#", "ip/${peerhost}", "g/${client_attrs.group}/#"]}.
        """);
    assertThat(pub(r, user("alice"), "u/alice/x")).isEqualTo(ALLOW);
    assertThat(pub(r, user("alice"), "u/bob/x")).isEqualTo(NO_MATCH);
    assertThat(pub(r, anonymous("d1"), "u/${username}/x")).isEqualTo(NO_MATCH); // no user name: never matches
    assertThat(pub(r, anonymous("d1"), "c/d1")).isEqualTo(ALLOW);
    assertThat(pub(r, user("alice"), "u2/alice")).isEqualTo(ALLOW);
    assertThat(sub(r, Clients.withCert("d1", "sensor-7"), "cert/sensor-7/+")).isEqualTo(ALLOW);
    assertThat(sub(r, anonymous("d1"), "cert/sensor-7/+")).isEqualTo(NO_MATCH);
    assertThat(sub(r, client("d1", null, "10.0.0.5"), "ip/10.0.0.5")).isEqualTo(ALLOW);
    assertThat(sub(r, Clients.withAttributes("d1", Map.of("group", "g1")), "g/g1/#")).isEqualTo(ALLOW);
    assertThat(sub(r, Clients.withAttributes("d1", Map.of()), "g/g1/#")).isEqualTo(NO_MATCH);
  }

  @Test
  void aBareStringIsOneTopic() throws Exception { // as EMQX's own comment writes it
    AclRules r = parse("{allow, all, publish, \"${clientid}/#\"}.");
    assertThat(pub(r, anonymous("c9"), "c9/x")).isEqualTo(ALLOW);
  }

  @Test
  void firstMatchingRuleWins() throws Exception {
    AclRules r = parse("""
        {deny, {username, "mallory"}, all, ["#"]}.
        {allow, all, publish, ["open/#"]}.
        {deny, all, publish, ["open/closed"]}.
        """);
    assertThat(pub(r, user("mallory"), "open/x")).isEqualTo(DENY);
    assertThat(pub(r, user("alice"), "open/x")).isEqualTo(ALLOW);
    assertThat(pub(r, user("alice"), "open/closed")).isEqualTo(ALLOW); // the earlier allow decides
    assertThat(pub(r, user("alice"), "shut")).isEqualTo(NO_MATCH);
  }

  @Test
  void catchAllReachesDollarTopicsButHashDoesNot() throws Exception {
    AclRules catchAll = parse("{deny, all}.");
    assertThat(sub(catchAll, anonymous("c"), "$SYS/#")).isEqualTo(DENY);
    assertThat(pub(catchAll, anonymous("c"), "$SYS/x")).isEqualTo(DENY);
    assertThat(pub(catchAll, anonymous("c"), "a")).isEqualTo(DENY);
    AclRules hash = parse("{allow, all, all, [\"#\"]}.");
    assertThat(sub(hash, anonymous("c"), "$SYS/#")).isEqualTo(NO_MATCH); // [MQTT-4.7.2-1]
    assertThat(pub(hash, anonymous("c"), "$SYS/x")).isEqualTo(NO_MATCH);
  }

  @Test
  void commentsBinariesAndLayout() throws Exception {
    AclRules r = parse("""
        %% a comment, {deny, all}.
        {allow, % a comment inside a rule
         {username, <<"u">>},
         publish,
         ["100%/x", "a" "b"]}. % '%' inside a string is text; adjacent strings join
        """);
    assertThat(r.size()).isEqualTo(1);
    assertThat(pub(r, user("u"), "100%/x")).isEqualTo(ALLOW);
    assertThat(pub(r, user("u"), "ab")).isEqualTo(ALLOW);
  }

  /** EMQX's shipped apps/emqx_auth/etc/acl.conf (rules part, without its long comment block). */
  static final String EMQX_DEFAULT = """
      %%-------------- Default ACL rules -------------------------------------------------------

      {allow, {username, {re, "^dashboard$"}}, subscribe, ["$SYS/#"]}.

      {allow, {ipaddr, "127.0.0.1"}, all, ["$SYS/#", "#"]}.

      {deny, all, subscribe, ["$SYS/#", {eq, "#"}]}.

      {allow, all}.
      %% NOTE! when deploy in production:
      %% - Change the last rule to `{deny, all}.`
      %% - Set config `authorization.no_match = deny`
      """;

  @Test
  void emqxDefaultAclConf() throws Exception {
    AclRules r = parse(EMQX_DEFAULT);
    assertThat(r.size()).isEqualTo(4);
    ClientIdentity dashboard = client("d", "dashboard", "203.0.113.5");
    ClientIdentity local = client("l", null, "127.0.0.1");
    ClientIdentity remote = client("r", "bob", "203.0.113.6");
    assertThat(sub(r, dashboard, "$SYS/#")).isEqualTo(ALLOW);
    assertThat(sub(r, local, "$SYS/#")).isEqualTo(ALLOW);
    assertThat(sub(r, local, "#")).isEqualTo(ALLOW);
    assertThat(sub(r, remote, "$SYS/#")).isEqualTo(DENY);
    assertThat(sub(r, remote, "$SYS/brokers/+/uptime")).isEqualTo(DENY);
    assertThat(sub(r, remote, "#")).isEqualTo(DENY);
    assertThat(sub(r, remote, "a/#")).isEqualTo(ALLOW);
    assertThat(pub(r, remote, "a/b")).isEqualTo(ALLOW);
  }

  /** The etc/acl.conf the distribution ships (tests run in the module's directory). */
  @Test
  void shippedAclConf() throws Exception {
    AclRules r = AclFile.load(java.nio.file.Path.of("..", "etc", "acl.conf"), AclFormat.AUTO).rules();
    ClientIdentity local = client("l", null, "127.0.0.1");
    ClientIdentity local6 = client("l", null, "::1");
    ClientIdentity remote = client("r", "bob", "203.0.113.6");
    assertThat(sub(r, local, "$SYS/#")).isEqualTo(ALLOW);
    assertThat(sub(r, local6, "#")).isEqualTo(ALLOW);
    assertThat(sub(r, remote, "$SYS/brokers/#")).isEqualTo(DENY);
    assertThat(sub(r, remote, "#")).isEqualTo(DENY);
    assertThat(sub(r, remote, "devices/+/temp")).isEqualTo(ALLOW);
    assertThat(pub(r, remote, "devices/r/temp")).isEqualTo(ALLOW);
    assertThat(pub(r, remote, "$SYS/fake")).isEqualTo(NO_MATCH); // no_match (deny) decides
  }

  @Test
  void emptyFileHasNoRules() throws Exception {
    assertThat(parse("% nothing\n").size()).isZero();
    assertThat(pub(parse(""), user("u"), "a")).isEqualTo(NO_MATCH);
  }

  static AclRules parse(String text) throws AclFileException {
    return AclRules.parse(text, "etc/acl.conf", AclFormat.EMQX);
  }

  static Decision pub(AclRules r, ClientIdentity c, String topic) {
    return r.check(c, PUBLISH, topic, 1, false);
  }

  static Decision sub(AclRules r, ClientIdentity c, String filter) {
    return r.check(c, SUBSCRIBE, filter, 1, false);
  }

  static Decision check(AclRules r, ClientIdentity c, Action a, String topic, int qos, boolean retain) {
    return r.check(c, a, topic, qos, retain);
  }
}
