package io.berth.core.security.acl;

import io.berth.core.topic.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mosquitto's acl_file (mosquitto.conf(5), "acl_file"): {@code user <name>} starts a user's section (topic lines
 * before the first one are for anonymous clients), {@code topic [read|write|readwrite|deny] <topic>} adds to the
 * current section, {@code pattern [read|write|readwrite|deny] <topic>} applies to every client with %c (client id)
 * and %u (user name) filled in. Lines starting with '#' are comments.
 *
 * <p>Translated to ordered rules with Mosquitto's precedence: within each user's section its deny lines come first,
 * then its grants in file order; then the deny patterns, then the granting patterns. "read" is subscribe (and so
 * receive), "write" is publish.
 */
final class MosquittoAclParser {
  private static final String FORMS =
      "user <name>, topic [read|write|readwrite|deny] <topic> or pattern [read|write|readwrite|deny] <topic>";

  /** One user's (or, under the null key, the anonymous clients') rules, denials apart. */
  private static final class Section {
    final List<AclRule> denies = new ArrayList<>();
    final List<AclRule> grants = new ArrayList<>();

    void add(AclRule r) {
      (r.permission() == Permission.DENY ? denies : grants).add(r);
    }
  }

  private final String file;

  MosquittoAclParser(String file) {
    this.file = file;
  }

  AclRules parse(String text) throws AclFileException {
    Map<String, Section> users = new LinkedHashMap<>();
    Section patterns = new Section();
    String user = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+", 2);
      String rest = words.length > 1 ? words[1].strip() : "";
      switch (words[0]) {
        case "user":
          if (rest.isEmpty()) {
            throw AclFileException.at(file, number, "missing user name, expected user <name>");
          }
          user = rest;
          break;
        case "topic":
          Who who = user == null ? new Who.Anonymous() : new Who.Username(user);
          users.computeIfAbsent(user, u -> new Section()).add(rule(who, rest, false, number));
          break;
        case "pattern":
          patterns.add(rule(new Who.All(), rest, true, number));
          break;
        default:
          throw AclFileException.at(file, number, "unknown line '" + line + "', expected " + FORMS);
      }
    }
    List<AclRule> rules = new ArrayList<>();
    for (Section s : users.values()) {
      rules.addAll(s.denies);
      rules.addAll(s.grants);
    }
    rules.addAll(patterns.denies);
    rules.addAll(patterns.grants);
    return new AclRules(rules);
  }

  private AclRule rule(Who who, String rest, boolean pattern, int number) throws AclFileException {
    String keyword = pattern ? "pattern" : "topic";
    if (rest.isEmpty()) {
      throw AclFileException.at(file, number, "missing topic, expected " + keyword
          + " [read|write|readwrite|deny] <topic>");
    }
    String[] words = rest.split("\\s+", 2);
    String access = words.length == 2 ? words[0] : "readwrite"; // as Mosquitto: one word is the topic
    String topic = words.length == 2 ? words[1].strip() : words[0];
    Permission permission = access.equals("deny") ? Permission.DENY : Permission.ALLOW;
    ActionCondition action;
    switch (access) {
      case "read":
        action = ActionCondition.SUBSCRIBE;
        break;
      case "write":
        action = ActionCondition.PUBLISH;
        break;
      case "readwrite":
      case "deny":
        action = ActionCondition.ALL;
        break;
      default:
        throw AclFileException.at(file, number, "unknown access '" + access + "', expected read, write, readwrite"
            + " or deny before the topic (a topic with spaces needs one)");
    }
    TopicTemplate template = pattern ? TopicTemplate.parse(topic, false) : null;
    String shape = pattern ? template.sample() : topic;
    if (!Topics.isValidFilter(shape, Integer.MAX_VALUE)) {
      throw AclFileException.at(file, number, "invalid topic filter '" + topic + "' ('#' only as the last level,"
          + " '+' only as a whole level), expected a topic filter such as sensors/#");
    }
    TopicPattern t = pattern && !template.isConstant()
        ? new TopicPattern.Template(template)
        : new TopicPattern.Filter(topic);
    return new AclRule(permission, who, action, List.of(t), file + ":" + number);
  }
}
