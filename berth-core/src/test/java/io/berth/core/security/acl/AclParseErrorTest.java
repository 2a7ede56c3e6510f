package io.berth.core.security.acl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of mistake in an ACL file is named with its file and line and what is allowed there. */
class AclParseErrorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
      {allow, all}.\\n{alow, all}. => etc/acl.conf:2: unknown permission alow, expected allow or deny
      {allow, {username, "u"}, publish}. => etc/acl.conf:1: a rule must be a tuple of 2 or 4 elements, not {allow, {username, "u"}, publish}, expected {allow | deny, Who, Action, [Topic, ...]} or {allow | deny, all}
      {allow, everyone}. => etc/acl.conf:1: a 2-element rule applies to all, not everyone, expected {allow | deny, Who, Action, [Topic, ...]} or {allow | deny, all}
      \\n\\n{allow, {name, "u"}, publish, ["t"]}. => etc/acl.conf:3: unknown client condition {name, "u"}, expected all, {username, "u"}, {clientid, "c"}, {username | clientid, {re, "regex"}}, {ipaddr, "10.0.0.0/8"}, {ipaddrs, [...]}, {'and', [...]} or {'or', [...]}
      {allow, {username, u}, publish, ["t"]}. => etc/acl.conf:1: u is not a "string", expected all, {username, "u"}, {clientid, "c"}, {username | clientid, {re, "regex"}}, {ipaddr, "10.0.0.0/8"}, {ipaddrs, [...]}, {'and', [...]} or {'or', [...]}
      {allow, {clientid, {re, "("}}, publish, ["t"]}. => etc/acl.conf:1: invalid regular expression "(" (Unclosed group), expected a Java/PCRE regular expression
      {allow, {clientid, {regex, "x"}}, publish, ["t"]}. => etc/acl.conf:1: unknown match {regex, "x"}, expected "exact" or {re, "regex"}
      {allow, {ipaddr, "10.0.0.0/33"}, publish, ["t"]}. => etc/acl.conf:1: the prefix length of '10.0.0.0/33' must be 0..32, expected an address or network such as "10.0.0.0/8" or "::1/128"
      {allow, {ipaddr, "localhost"}, publish, ["t"]}. => etc/acl.conf:1: 'localhost' is not an IP address or network, expected an address or network such as "10.0.0.0/8" or "::1/128"
      {allow, {ipaddrs, "10.0.0.1"}, publish, ["t"]}. => etc/acl.conf:1: "10.0.0.1" is not a [list], expected a list of addresses such as ["10.0.0.0/8", "::1"]
      {allow, all, publsh, ["t"]}. => etc/acl.conf:1: unknown action publsh, expected publish, subscribe, all or {publish | subscribe | all, [{qos, 0..2 | [0..2]}, {retain, true | false | all}]}
      {allow, all, {publish, [{qos, 3}]}, ["t"]}. => etc/acl.conf:1: invalid QoS 3, expected 0, 1, 2 or a list of them
      {allow, all, {publish, [{retain, maybe}]}, ["t"]}. => etc/acl.conf:1: invalid retain condition maybe, expected true, false or all
      {allow, all, {publish, [{dup, true}]}, ["t"]}. => etc/acl.conf:1: unknown action condition {dup, true}, expected {qos, 0..2 | [0..2]} or {retain, true | false | all}
      {allow, all, publish, ["a/#/b"]}. => etc/acl.conf:1: invalid topic filter "a/#/b" ('#' only as the last level, '+' only as a whole level), expected a topic filter such as "t/#", "${clientid}/#" or {eq, "t/#"}
      {allow, all, publish, ["d/${clientid"]}. => etc/acl.conf:1: unterminated placeholder in 'd/${clientid', expected one of ${clientid}, ${username}, ${cert_common_name}, ${cn}, ${peerhost}, ${client_attrs.NAME}
      {allow, all, publish, ["d/${client}"]}. => etc/acl.conf:1: unknown placeholder ${client}, expected one of ${clientid}, ${username}, ${cert_common_name}, ${cn}, ${peerhost}, ${client_attrs.NAME}
      {allow, all, publish, [{prefix, "a"}]}. => etc/acl.conf:1: unknown topic {prefix, "a"}, expected a topic filter such as "t/#", "${clientid}/#" or {eq, "t/#"}
      {allow, all, publish, [t]}. => etc/acl.conf:1: t is not a "string", expected a topic filter such as "t/#", "${clientid}/#" or {eq, "t/#"}
      {allow, all} => etc/acl.conf:1: missing '.' after the rule that starts on line 1, expected '.' to end it
      {allow, all}\\n{deny, all}. => etc/acl.conf:2: missing '.' after the rule that starts on line 1, expected '.' to end it
      {allow, all. => etc/acl.conf:1: unexpected '.', expected ',' or '}'
      {allow, all, publish, ["t]}. => etc/acl.conf:1: unterminated string, expected a closing "
      {allow, All}. => etc/acl.conf:1: unexpected variable All, expected an atom such as allow (lower case) or a "string"
      {allow, all, publish, ["a\\q"]}. => etc/acl.conf:1: unknown escape '\\q', expected \\\\, \\", \\', \\n, \\t, \\r or \\s
      {allow, all, publish, ["t"]}.x => etc/acl.conf:1: unexpected 'x' after '.', expected a new line or a space
      {allow, all, publish, ["t"]}, {deny, all}. => etc/acl.conf:1: missing '.' after the rule that starts on line 1, expected '.' to end it
      {allow, all, publish, #}. => etc/acl.conf:1: unexpected '#', expected a term: atom, "string", number, {tuple} or [list]
      {allow, all}.\\nallow. => etc/acl.conf:2: 'allow.' does not start a rule, expected {allow | deny, ...}.
      """)
  void emqx(String text, String message) {
    assertThatThrownBy(() -> AclRules.parse(unescape(text), "etc/acl.conf", AclFormat.EMQX)).hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
      topic read a\\nuser\\ntopic b => etc/acl_file:2: missing user name, expected user <name>
      user u\\ntopic => etc/acl_file:2: missing topic, expected topic [read|write|readwrite|deny] <topic>
      pattern => etc/acl_file:1: missing topic, expected pattern [read|write|readwrite|deny] <topic>
      user u\\n# c\\ntopic reed a/b => etc/acl_file:3: unknown access 'reed', expected read, write, readwrite or deny before the topic (a topic with spaces needs one)
      topic a b => etc/acl_file:1: unknown access 'a', expected read, write, readwrite or deny before the topic (a topic with spaces needs one)
      user u\\n\\ntopic write a/#/b => etc/acl_file:3: invalid topic filter 'a/#/b' ('#' only as the last level, '+' only as a whole level), expected a topic filter such as sensors/#
      pattern write d/%c+ => etc/acl_file:1: invalid topic filter 'd/%c+' ('#' only as the last level, '+' only as a whole level), expected a topic filter such as sensors/#
      users u => etc/acl_file:1: unknown line 'users u', expected user <name>, topic [read|write|readwrite|deny] <topic> or pattern [read|write|readwrite|deny] <topic>
      """)
  void mosquitto(String text, String message) {
    assertThatThrownBy(() -> AclRules.parse(unescape(text), "etc/acl_file", AclFormat.MOSQUITTO))
        .hasMessage(message);
  }

  /** The table writes a new line as \n and a backslash as \\. */
  private static String unescape(String s) {
    return s.replace("\\\\", "\u0000").replace("\\n", "\n").replace("\u0000", "\\");
  }
}
