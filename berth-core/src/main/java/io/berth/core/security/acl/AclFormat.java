package io.berth.core.security.acl;

import java.util.Locale;

/** The syntax of an ACL file. */
public enum AclFormat {
  /** Decide from the content: Erlang terms ('{', '%' comments) or Mosquitto lines (user, topic, pattern). */
  AUTO,
  /** EMQX's acl.conf: Erlang terms, {@code {allow, {username, "u"}, subscribe, ["t/#"]}.} */
  EMQX,
  /** Mosquitto's acl_file: {@code user}, {@code topic [read|write|readwrite|deny]}, {@code pattern}. */
  MOSQUITTO;

  /** The config value ("auto", "emqx", "mosquitto"), or IllegalArgumentException naming the allowed values. */
  public static AclFormat fromConfig(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected auto, emqx or mosquitto");
    }
  }

  /**
   * EMQX when the first line that is neither blank nor a '#' comment starts with '{' or '%', Mosquitto when it starts
   * with user, topic or pattern; otherwise Mosquitto if '#' comments were seen, else EMQX (whose parser then says
   * what is wrong). An empty file is EMQX with no rules.
   */
  static AclFormat detect(String text) {
    boolean hashComments = false;
    String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
    for (String raw : content.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        hashComments = true;
        continue;
      }
      if (line.startsWith("{") || line.startsWith("%")) {
        return EMQX;
      }
      String word = line.split("\\s+", 2)[0];
      if (word.equals("user") || word.equals("topic") || word.equals("pattern")) {
        return MOSQUITTO;
      }
      return hashComments ? MOSQUITTO : EMQX;
    }
    return hashComments ? MOSQUITTO : EMQX;
  }
}
