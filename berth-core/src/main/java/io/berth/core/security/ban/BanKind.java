package io.berth.core.security.ban;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a ban matches, with the word EMQX and {@code berth ctl banned --as} use for it. */
public enum BanKind {
  /** One client identifier, exactly. */
  CLIENTID("clientid"),
  /** One user name, exactly. */
  USERNAME("username"),
  /** One IP address: refused at accept. */
  PEERHOST("peerhost"),
  /** A network of addresses, "10.0.0.0/8": refused at accept. */
  CIDR("cidr"),
  /** Client identifiers a regular expression finds a match in (unanchored, as EMQX's clientid_re). */
  CLIENTID_RE("clientid_re"),
  /** User names a regular expression finds a match in. */
  USERNAME_RE("username_re");

  private final String word;

  BanKind(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** True for the kinds known at accept, before the CONNECT: an address or a network. */
  public boolean isAddress() {
    return this == PEERHOST || this == CIDR;
  }

  /** The kind for its word (EMQX's "peerhost_net" is accepted for cidr). */
  public static BanKind parse(String word) {
    String w = word.strip().toLowerCase(Locale.ROOT);
    if (w.equals("peerhost_net")) {
      return CIDR;
    }
    for (BanKind k : values()) {
      if (k.word.equals(w)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown ban kind '" + word + "'; expected " + allowed());
  }

  /** "clientid, username, peerhost, cidr, clientid_re or username_re". */
  public static String allowed() {
    String all = Arrays.stream(values()).map(BanKind::word).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
