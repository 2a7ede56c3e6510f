package io.berth.server.api.bans;

import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import java.time.Instant;

/** A ban as {@code /api/v5/banned} shows it (EMQX's fields; a network is "peerhost_net", no end is "infinity"). */
record BanView(String as, String who, String by, String reason, String at, String until) {

  static BanView of(Ban b) {
    return new BanView(word(b.kind()), b.value(), b.by(), b.reason(), Instant.ofEpochMilli(b.atMillis()).toString(),
        b.untilMillis() == Ban.FOREVER ? "infinity" : Instant.ofEpochMilli(b.untilMillis()).toString());
  }

  /** EMQX's word for the kind: the same as Berth's but for a network. */
  static String word(BanKind k) {
    return k == BanKind.CIDR ? "peerhost_net" : k.word();
  }
}
