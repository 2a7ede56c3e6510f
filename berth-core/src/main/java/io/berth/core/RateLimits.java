package io.berth.core;

/**
 * Per-client publishing limits (mqtt.messages_rate, mqtt.bytes_rate): token buckets with a one-second burst.
 *
 * @param messagesPerSecond PUBLISH packets per second, 0 for no limit
 * @param bytesPerSecond PUBLISH payload bytes per second, 0 for no limit
 * @param disconnect true: a client over its rate is disconnected (MQTT 5: 0x96 Message Rate Too High or 0x97 Quota
 *     Exceeded); false: its reads are paused until it is back under the rate
 */
public record RateLimits(double messagesPerSecond, double bytesPerSecond, boolean disconnect) {
  public static final RateLimits NONE = new RateLimits(0, 0, false);

  public boolean any() {
    return messagesPerSecond > 0 || bytesPerSecond > 0;
  }
}
