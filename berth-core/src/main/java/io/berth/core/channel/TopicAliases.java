package io.berth.core.channel;

import io.berth.codec.ReasonCode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * MQTT 5 Topic Aliases of one connection, both ways (3.3.2.3.4). Inbound: the client's aliases, up to the maximum
 * the server advertised. Outbound: aliases the server assigns, first come first served, up to the client's maximum.
 * Aliases live only as long as the network connection [MQTT-3.3.2-7].
 */
final class TopicAliases {
  /** Outbound aliases kept per connection at most, whatever the client allows: its memory is the server's. */
  static final int MAX_OUTBOUND_ALIASES = 256;

  private static final String[] NO_ALIASES = {};
  /**
   * No aliases either way (every MQTT 3.1.1 client, and MQTT 5 clients when neither side allows any): stateless,
   * since {@link #resolveInbound} refuses every alias before it would store one, so one instance serves them all.
   */
  static final TopicAliases NONE = new TopicAliases(0, 0);

  private final int inboundMax;
  private final int outboundMax;
  private String[] inbound = NO_ALIASES; // grown on demand (copied first): most clients use a few low aliases
  private final Map<String, Integer> outbound;

  /** The aliases of a connection whose server allows {@code inboundMax} and whose client {@code outboundMax}. */
  static TopicAliases of(int inboundMax, int outboundMax) {
    return inboundMax == 0 && outboundMax == 0 ? NONE : new TopicAliases(inboundMax, outboundMax);
  }

  TopicAliases(int inboundMax, int outboundMax) {
    this.inboundMax = inboundMax;
    this.outboundMax = Math.min(outboundMax, MAX_OUTBOUND_ALIASES);
    this.outbound = this.outboundMax == 0 ? Map.of() : new HashMap<>();
  }

  /** The topic of an incoming PUBLISH: records or resolves its alias. */
  String resolveInbound(String topic, int alias) {
    if (alias == 0) {
      if (topic.isEmpty()) {
        throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "empty topic without a topic alias");
      }
      return topic;
    }
    if (alias > inboundMax) { // [MQTT-3.3.2-9] [MQTT-3.3.2-10]
      throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias + " above " + inboundMax);
    }
    if (!topic.isEmpty()) {
      if (alias >= inbound.length) {
        inbound = Arrays.copyOf(inbound, Math.min(inboundMax + 1, Math.max(16, alias * 2)));
      }
      inbound[alias] = topic;
      return topic;
    }
    String known = alias < inbound.length ? inbound[alias] : null;
    if (known == null) {
      throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
    }
    return known;
  }

  /** Whether {@link #outbound} may ever assign an alias (the client allows some). */
  boolean outboundEnabled() {
    return outboundMax != 0;
  }

  /**
   * The alias to send with {@code topic}: negative when a new alias is being set (send topic and -alias), positive
   * when the alias alone stands for the topic, 0 when no alias is used.
   */
  int outbound(String topic) {
    if (outboundMax == 0) {
      return 0;
    }
    Integer known = outbound.get(topic);
    if (known != null) {
      return known;
    }
    if (outbound.size() >= outboundMax) {
      return 0;
    }
    int alias = outbound.size() + 1;
    outbound.put(topic, alias);
    return -alias;
  }

  /** Takes back the alias {@link #outbound} just assigned to {@code topic}: its PUBLISH was never sent. */
  void forgetNewOutbound(String topic) {
    if (outboundMax > 0) {
      outbound.remove(topic);
    }
  }
}
