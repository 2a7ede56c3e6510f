package io.berth.core.security.acl;

import static io.berth.core.security.acl.ErlangTerm.isAtom;

import io.berth.core.security.acl.ErlangTerm.Atom;
import io.berth.core.security.acl.ErlangTerm.Int;
import io.berth.core.security.acl.ErlangTerm.ListTerm;
import io.berth.core.security.acl.ErlangTerm.Str;
import io.berth.core.security.acl.ErlangTerm.Tuple;
import io.berth.core.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * EMQX's acl.conf (emqx_authz_rule's rule terms): {@code {Permission, Who, Action, Topics}.} or
 * {@code {Permission, all}.}, as documented in EMQX's default acl.conf.
 */
final class EmqxAclParser {
  private static final String RULE = "{allow | deny, Who, Action, [Topic, ...]} or {allow | deny, all}";
  private static final String WHO = "all, {username, \"u\"}, {clientid, \"c\"}, {username | clientid, {re, \"regex\"}},"
      + " {ipaddr, \"10.0.0.0/8\"}, {ipaddrs, [...]}, {'and', [...]} or {'or', [...]}";
  private static final String ACTION = "publish, subscribe, all or {publish | subscribe | all, [{qos, 0..2 | [0..2]},"
      + " {retain, true | false | all}]}";
  private static final String TOPIC = "a topic filter such as \"t/#\", \"${clientid}/#\" or {eq, \"t/#\"}";

  private final String file;

  EmqxAclParser(String file) {
    this.file = file;
  }

  AclRules parse(String text) throws AclFileException {
    List<AclRule> rules = new ArrayList<>();
    for (ErlangTerm t : new ErlangTermReader(file, text).readAll()) {
      rules.add(rule(t));
    }
    return new AclRules(rules);
  }

  private AclRule rule(ErlangTerm t) throws AclFileException {
    if (!(t instanceof Tuple tuple) || (tuple.items().size() != 2 && tuple.items().size() != 4)) {
      throw error(t, "a rule must be a tuple of 2 or 4 elements, not " + t.show() + ", expected " + RULE);
    }
    List<ErlangTerm> items = tuple.items();
    Permission permission = permission(items.get(0));
    String origin = file + ":" + t.line();
    if (items.size() == 2) {
      if (!isAtom(items.get(1), "all")) {
        throw error(items.get(1), "a 2-element rule applies to all, not " + items.get(1).show() + ", expected "
            + RULE);
      }
      return new AclRule(permission, new Who.All(), ActionCondition.ALL, List.of(new TopicPattern.Any()),
          origin);
    }
    return new AclRule(permission, who(items.get(1)), action(items.get(2)), topics(items.get(3)), origin);
  }

  private Permission permission(ErlangTerm t) throws AclFileException {
    if (isAtom(t, "allow")) {
      return Permission.ALLOW;
    } else if (isAtom(t, "deny")) {
      return Permission.DENY;
    }
    throw error(t, "unknown permission " + t.show() + ", expected allow or deny");
  }

  private Who who(ErlangTerm t) throws AclFileException {
    if (isAtom(t, "all")) {
      return new Who.All();
    }
    if (t instanceof Tuple tuple && tuple.items().size() == 2 && tuple.items().get(0) instanceof Atom key) {
      ErlangTerm value = tuple.items().get(1);
      switch (key.name()) {
        case "username":
        case "user":
          return value instanceof Tuple ? new Who.UsernameRegex(regex(value)) : new Who.Username(string(value, WHO));
        case "clientid":
        case "client":
          return value instanceof Tuple ? new Who.ClientIdRegex(regex(value)) : new Who.ClientId(string(value, WHO));
        case "ipaddr":
          return new Who.Addresses(List.of(network(value)));
        case "ipaddrs":
          List<IpNetwork> networks = new ArrayList<>();
          for (ErlangTerm n : list(value, "a list of addresses such as [\"10.0.0.0/8\", \"::1\"]")) {
            networks.add(network(n));
          }
          return new Who.Addresses(networks);
        case "and":
        case "or":
          List<Who> parts = new ArrayList<>();
          for (ErlangTerm w : list(value, "a list of conditions: " + WHO)) {
            parts.add(who(w));
          }
          return key.name().equals("and") ? new Who.And(parts) : new Who.Or(parts);
        default:
          break;
      }
    }
    throw error(t, "unknown client condition " + t.show() + ", expected " + WHO);
  }

  private Pattern regex(ErlangTerm t) throws AclFileException {
    List<ErlangTerm> items = t instanceof Tuple tuple ? tuple.items() : List.of();
    if (items.size() != 2 || !isAtom(items.get(0), "re")) {
      throw error(t, "unknown match " + t.show() + ", expected \"exact\" or {re, \"regex\"}");
    }
    String source = string(items.get(1), "a regular expression string such as \"^dev-\"");
    try {
      return Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      throw error(t, "invalid regular expression \"" + source + "\" (" + e.getDescription()
          + "), expected a Java/PCRE regular expression");
    }
  }

  private IpNetwork network(ErlangTerm t) throws AclFileException {
    String s = string(t, "an address or network such as \"127.0.0.1\" or \"10.0.0.0/8\"");
    try {
      return IpNetwork.parse(s);
    } catch (IllegalArgumentException e) {
      throw error(t, e.getMessage() + ", expected an address or network such as \"10.0.0.0/8\" or \"::1/128\"");
    }
  }

  private ActionCondition action(ErlangTerm t) throws AclFileException {
    if (t instanceof Atom) {
      return simpleAction(t);
    }
    if (!(t instanceof Tuple tuple) || tuple.items().size() != 2) {
      throw error(t, "unknown action " + t.show() + ", expected " + ACTION);
    }
    ActionCondition base = simpleAction(tuple.items().get(0));
    int qosMask = 0;
    ActionCondition.Retain retain = ActionCondition.Retain.ANY;
    for (ErlangTerm opt : list(tuple.items().get(1), "a list of conditions: [{qos, 1}, {retain, false}]")) {
      List<ErlangTerm> kv = opt instanceof Tuple o ? o.items() : List.of();
      if (kv.size() == 2 && isAtom(kv.get(0), "qos")) {
        qosMask |= qos(kv.get(1));
      } else if (kv.size() == 2 && isAtom(kv.get(0), "retain")) {
        retain = retain(kv.get(1));
      } else {
        throw error(opt, "unknown action condition " + opt.show() + ", expected {qos, 0..2 | [0..2]} or"
            + " {retain, true | false | all}");
      }
    }
    // No qos condition means every QoS (EMQX's default).
    return new ActionCondition(base.publish(), base.subscribe(), qosMask == 0 ? ActionCondition.ANY_QOS : qosMask,
        retain);
  }

  private ActionCondition simpleAction(ErlangTerm t) throws AclFileException {
    if (isAtom(t, "publish")) {
      return ActionCondition.PUBLISH;
    } else if (isAtom(t, "subscribe")) {
      return ActionCondition.SUBSCRIBE;
    } else if (isAtom(t, "all")) {
      return ActionCondition.ALL;
    }
    throw error(t, "unknown action " + t.show() + ", expected " + ACTION);
  }

  private int qos(ErlangTerm t) throws AclFileException {
    List<ErlangTerm> levels = t instanceof ListTerm l ? l.items() : List.of(t);
    int mask = 0;
    for (ErlangTerm q : levels) {
      if (!(q instanceof Int i) || i.value() > 2) {
        throw error(q, "invalid QoS " + q.show() + ", expected 0, 1, 2 or a list of them");
      }
      mask |= 1 << i.value();
    }
    return mask;
  }

  private ActionCondition.Retain retain(ErlangTerm t) throws AclFileException {
    if (isAtom(t, "true")) {
      return ActionCondition.Retain.RETAINED;
    } else if (isAtom(t, "false")) {
      return ActionCondition.Retain.NOT_RETAINED;
    } else if (isAtom(t, "all")) {
      return ActionCondition.Retain.ANY;
    }
    throw error(t, "invalid retain condition " + t.show() + ", expected true, false or all");
  }

  private List<TopicPattern> topics(ErlangTerm t) throws AclFileException {
    // EMQX's own comments show a bare string ("${clientid}/#") where a list belongs: read it as a list of one.
    List<ErlangTerm> items = t instanceof Str ? List.of(t) : list(t, "a list of topics such as [\"t/#\"]");
    List<TopicPattern> topics = new ArrayList<>();
    for (ErlangTerm item : items) {
      topics.add(topic(item));
    }
    return topics;
  }

  private TopicPattern topic(ErlangTerm t) throws AclFileException {
    if (t instanceof Tuple tuple) {
      if (tuple.items().size() != 2 || !isAtom(tuple.items().get(0), "eq")) {
        throw error(t, "unknown topic " + t.show() + ", expected " + TOPIC);
      }
      return new TopicPattern.Exact(filter(tuple.items().get(1), string(tuple.items().get(1), TOPIC)));
    }
    String s = string(t, TOPIC);
    if (s.startsWith("eq ")) { // EMQX also reads "eq t/#" as {eq, "t/#"}
      return new TopicPattern.Exact(filter(t, s.substring(3)));
    }
    TopicTemplate template;
    try {
      template = TopicTemplate.parse(s, true);
    } catch (IllegalArgumentException e) {
      throw error(t, e.getMessage() + ", expected one of " + TopicTemplate.PLACEHOLDERS);
    }
    filter(t, template.sample());
    return template.isConstant() ? new TopicPattern.Filter(s) : new TopicPattern.Template(template);
  }

  private String filter(ErlangTerm at, String filter) throws AclFileException {
    if (!Topics.isValidFilter(filter, Integer.MAX_VALUE)) {
      throw error(at, "invalid topic filter \"" + filter + "\" ('#' only as the last level, '+' only as a whole"
          + " level), expected " + TOPIC);
    }
    return filter;
  }

  private String string(ErlangTerm t, String expected) throws AclFileException {
    if (t instanceof Str s) {
      return s.value();
    }
    throw error(t, t.show() + " is not a \"string\", expected " + expected);
  }

  private List<ErlangTerm> list(ErlangTerm t, String expected) throws AclFileException {
    if (t instanceof ListTerm l) {
      return l.items();
    }
    throw error(t, t.show() + " is not a [list], expected " + expected);
  }

  private AclFileException error(ErlangTerm at, String what) {
    return AclFileException.at(file, at.line(), what);
  }
}
