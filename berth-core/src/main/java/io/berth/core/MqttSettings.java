package io.berth.core;

/**
 * The protocol limits and features a listener applies to its clients (config keys {@code mqtt.*}). Immutable; one
 * instance is shared by every connection of a listener.
 *
 * @param maxPacketSize largest packet accepted from a client, in bytes (advertised as Maximum Packet Size)
 * @param maxClientIdLength longest client identifier accepted
 * @param maxTopicLevels most levels in a topic name or filter
 * @param maxQos highest QoS granted (advertised as Maximum QoS)
 * @param maxTopicAlias Topic Alias Maximum advertised to MQTT 5 clients (0 = no aliases)
 * @param retainAvailable whether retained messages are supported
 * @param wildcardSubscription whether filters may contain '+' and '#'
 * @param sharedSubscription whether $share/ filters are accepted
 * @param maxInflight QoS 1/2 messages in flight to one client, and the Receive Maximum advertised to it
 * @param maxMqueueLen messages queued for one client beyond its inflight window (0 = unbounded is refused)
 * @param mqueueStoreQos0 whether QoS 0 messages are queued for offline persistent sessions
 * @param maxAwaitingRel incoming QoS 2 messages awaiting PUBREL per client
 * @param sessionExpiryInterval seconds a persistent session lives after disconnect: the cap for MQTT 5 clients and
 *     the value for MQTT 3.1.1 clients with Clean Session 0
 * @param keepaliveMultiplier a client silent for keepAlive × this is disconnected [MQTT-3.1.2-24]
 * @param serverKeepAlive if > 0, the Server Keep Alive imposed on MQTT 5 clients (and used for older ones)
 * @param connectTimeoutMillis a connection that sends no CONNECT within this time is closed
 * @param maxSubscriptions most subscriptions per client (0 = unlimited)
 * @param rateLimits how fast one client may publish
 */
public record MqttSettings(
    int maxPacketSize,
    int maxClientIdLength,
    int maxTopicLevels,
    int maxQos,
    int maxTopicAlias,
    boolean retainAvailable,
    boolean wildcardSubscription,
    boolean sharedSubscription,
    int maxInflight,
    int maxMqueueLen,
    boolean mqueueStoreQos0,
    int maxAwaitingRel,
    long sessionExpiryInterval,
    double keepaliveMultiplier,
    int serverKeepAlive,
    long connectTimeoutMillis,
    int maxSubscriptions,
    RateLimits rateLimits) {

  /** The defaults of reference.conf, for tests and embedded use. */
  public static MqttSettings defaults() {
    return new MqttSettings(
        1024 * 1024, 65535, 128, 2, 65535, true, true, true, 32, 1000, true, 100, 7200, 1.5, 0, 15_000, 0,
        RateLimits.NONE);
  }
}
