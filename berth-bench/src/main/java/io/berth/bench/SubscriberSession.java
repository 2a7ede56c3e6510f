package io.berth.bench;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;

/**
 * How the subscribers of a throughput run connect: with a clean session (the default), or with a persistent one so
 * that the broker keeps their subscriptions and QoS 1 messages (and, if it is durable, must write them before it
 * acknowledges the publisher).
 *
 * @param clean Clean Session (3.1.1) / Clean Start (5)
 * @param expirySeconds MQTT 5 Session Expiry Interval (0: the session ends with the connection)
 */
public record SubscriberSession(boolean clean, long expirySeconds) {
  public static final SubscriberSession CLEAN = new SubscriberSession(true, 0);

  /** Checks the pair against the protocol version; the message is one line for the command line. */
  static SubscriberSession of(boolean clean, long expirySeconds, MqttVersion version) {
    if (expirySeconds < 0 || expirySeconds > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("--session-expiry must be 0 .. 4294967295 seconds");
    }
    if (expirySeconds > 0 && version != MqttVersion.V5) {
      throw new IllegalArgumentException("--session-expiry needs --mqtt 5 (with 3.1.1 use --clean false)");
    }
    if (!clean && version == MqttVersion.V5 && expirySeconds == 0) {
      throw new IllegalArgumentException("--clean false with --mqtt 5 needs --session-expiry > 0 (a session with "
          + "expiry 0 ends with its connection)");
    }
    return new SubscriberSession(clean, expirySeconds);
  }

  /** Whether the broker keeps the session after the connection (3.1.1 Clean Session 0, 5: expiry above 0). */
  public boolean persistent() {
    return !clean || expirySeconds > 0;
  }

  MqttProperties connectProperties() {
    return expirySeconds == 0 ? MqttProperties.NONE
        : MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, expirySeconds).build();
  }

  /** For labels and reports: "clean" or "persistent". */
  String label() {
    return persistent() ? "persistent" : "clean";
  }
}
