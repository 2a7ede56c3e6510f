package io.berth.core;

import io.berth.codec.MqttProperties;
import io.netty.buffer.ByteBuf;

/**
 * An application message as the router sees it: what a publisher sent, stripped of packet-level details (packet id,
 * topic alias, DUP). The payload is reference counted: this object holds one reference for its creator, and every
 * queue, inflight window or retained store that keeps it calls {@link #retain()} and later {@link #release()}.
 *
 * @param properties the publisher's properties to forward (payload format, content type, response topic, correlation
 *     data, user properties); never a Topic Alias or Subscription Identifier
 * @param expiresAtMillis when the message expires (clock millis), or 0 for never (MQTT 5 Message Expiry Interval)
 */
public record Message(
    String topic,
    ByteBuf payload,
    int qos,
    boolean retainFlag,
    MqttProperties properties,
    String publisherId,
    long expiresAtMillis) {

  public Message retain() {
    payload.retain();
    return this;
  }

  public void release() {
    payload.release();
  }

  public boolean isExpired(long nowMillis) {
    return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
  }

  /** Seconds of life left, for the Message Expiry Interval sent on [MQTT-3.3.2-6]. */
  public long remainingExpirySeconds(long nowMillis) {
    return Math.max(1, (expiresAtMillis - nowMillis + 999) / 1000);
  }
}
