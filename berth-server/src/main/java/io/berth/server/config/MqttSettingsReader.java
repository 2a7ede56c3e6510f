package io.berth.server.config;

import io.berth.core.MqttSettings;
import io.berth.core.RateLimits;
import java.util.Locale;

/** Reads an {@code mqtt { }} block (global, or a listener's merged over the global one) into {@link MqttSettings}. */
final class MqttSettingsReader {
  /** The largest whole packet: 1 type byte + 4 Remaining Length bytes + 268,435,455 bytes [MQTT-2.1.4]. */
  static final long MAX_PACKET_SIZE = 268_435_455L + 5;
  /** Session Expiry Interval is a four-byte integer of seconds; 0xFFFFFFFF means "never expires". */
  private static final long MAX_SESSION_EXPIRY_MILLIS = 0xFFFF_FFFFL * 1000;

  private MqttSettingsReader() {}

  static MqttSettings read(Fields f) throws ConfigException {
    return new MqttSettings(
        (int) f.bytes("max_packet_size", 1, MAX_PACKET_SIZE),
        // The spec obliges a server to accept identifiers of up to 23 characters [MQTT-3.1.3-5].
        f.intIn("max_clientid_len", 23, 65535),
        f.intIn("max_topic_levels", 1, 65535),
        f.intIn("max_qos_allowed", 0, 2),
        f.intIn("max_topic_alias", 0, 65535),
        f.bool("retain_available"),
        f.bool("wildcard_subscription"),
        f.bool("shared_subscription"),
        f.intIn("max_inflight", 1, 65535),
        f.intIn("max_mqueue_len", 1, Integer.MAX_VALUE),
        f.bool("mqueue_store_qos0"),
        f.intIn("max_awaiting_rel", 1, 65535),
        f.durationMillis("session_expiry_interval", 0, MAX_SESSION_EXPIRY_MILLIS) / 1000,
        f.numberAtLeast("keepalive_multiplier", 1),
        serverKeepAlive(f),
        f.durationMillis("idle_timeout", 1, Long.MAX_VALUE),
        maxSubscriptions(f),
        new RateLimits(rate(f, "messages_rate", false), rate(f, "bytes_rate", true),
            f.word("rate_limit_action", "pause", "disconnect").equals("disconnect")));
  }

  private static final java.util.regex.Pattern RATE =
      java.util.regex.Pattern.compile("\\s*([0-9.]+\\s*[a-zA-Z]*)\\s*/\\s*([0-9]*)\\s*(ms|s|m|h)\\s*");

  /**
   * "infinity" (0) or an amount per period: "500/s", "6000/1m", and for bytes "1MB/s", "256KB/10s"; returned per
   * second.
   */
  private static double rate(Fields f, String key, boolean isBytes) throws ConfigException {
    if (isWord(f, key, "infinity")) {
      return 0;
    }
    String allowed = "expected infinity or an amount per period, e.g. " + (isBytes ? "\"1MB/s\" or \"256KB/10s\""
        : "\"500/s\" or \"6000/1m\"");
    java.util.regex.Matcher m = f.value(key).unwrapped() instanceof String s ? RATE.matcher(s) : null;
    if (m == null || !m.matches()) {
      throw f.problem(key, allowed);
    }
    double amount;
    try {
      Long b = isBytes ? Fields.parseBytes(m.group(1)) : null;
      amount = isBytes ? (b == null ? -1 : b) : Double.parseDouble(m.group(1).strip());
    } catch (NumberFormatException e) {
      throw f.problem(key, allowed);
    }
    long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
    double seconds = count * switch (m.group(3)) {
      case "ms" -> 0.001;
      case "s" -> 1;
      case "m" -> 60;
      default -> 3600;
    };
    if (amount <= 0 || seconds <= 0 || Double.isInfinite(amount)) {
      throw f.problem(key, allowed);
    }
    return amount / seconds;
  }

  /** "disabled" (0: the client's own Keep Alive is used) or 1..65535 seconds. */
  private static int serverKeepAlive(Fields f) throws ConfigException {
    if (isWord(f, "server_keepalive", "disabled")) {
      return 0;
    }
    Long n = Fields.integer(f.value("server_keepalive"));
    if (n == null || n < 1 || n > 65535) {
      throw f.problem("server_keepalive", "expected disabled or a number of seconds 1..65535");
    }
    return n.intValue();
  }

  /** "infinity" (0 in MqttSettings) or a positive count. */
  private static int maxSubscriptions(Fields f) throws ConfigException {
    if (isWord(f, "max_subscriptions", "infinity")) {
      return 0;
    }
    Long n = Fields.integer(f.value("max_subscriptions"));
    if (n == null || n < 1 || n > Integer.MAX_VALUE) {
      throw f.problem("max_subscriptions", "expected infinity or an integer >= 1");
    }
    return n.intValue();
  }

  static boolean isWord(Fields f, String key, String word) {
    return f.value(key).unwrapped() instanceof String s && s.strip().toLowerCase(Locale.ROOT).equals(word);
  }
}
