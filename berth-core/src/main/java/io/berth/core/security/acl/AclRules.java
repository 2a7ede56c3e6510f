package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Action;
import io.berth.core.security.Authorizer.Decision;
import io.berth.core.security.ClientIdentity;
import java.util.List;

/** An ordered list of rules: the first rule that matches a request decides it; none matching is NO_MATCH. */
public final class AclRules {
  private final List<AclRule> rules;

  AclRules(List<AclRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Parses the text of an ACL file.
   *
   * @param fileName how messages name the file ("etc/acl.conf")
   * @throws AclFileException naming the file and line of the first error
   */
  public static AclRules parse(String content, String fileName, AclFormat format) throws AclFileException {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content; // an editor's byte order mark
    AclFormat f = format == AclFormat.AUTO ? AclFormat.detect(text) : format;
    return f == AclFormat.MOSQUITTO
        ? new MosquittoAclParser(fileName).parse(text)
        : new EmqxAclParser(fileName).parse(text);
  }

  public Decision check(ClientIdentity client, Action action, String topic, int qos, boolean retain) {
    Subject s = new Subject(client);
    for (AclRule r : rules) {
      if (r.matches(s, action, topic, qos, retain)) {
        return r.permission().decision();
      }
    }
    return Decision.NO_MATCH;
  }

  public int size() {
    return rules.size();
  }

  List<AclRule> rules() {
    return rules;
  }
}
