package io.berth.core.channel;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.core.Message;

/**
 * What a {@link Channel} may do to its network connection. The server implements it over a Netty channel; tests
 * implement it by recording. All calls come on the connection's event loop.
 */
public interface Outbox {

  /** Queues a packet for the client; the connection flushes once per event-loop turn. */
  void send(MqttPacket packet);

  /**
   * Queues a QoS 0 PUBLISH of {@code m} with nothing of this client's own in it (no packet id, Subscription
   * Identifier, Message Expiry Interval or Topic Alias): its bytes depend only on the message, the protocol version
   * and the RETAIN flag, so an implementation may encode them once and share them among the message's subscribers.
   * The caller keeps its reference to {@code m}; the outbox takes its own while it needs the payload.
   *
   * @param maxPacketSize the client's Maximum Packet Size, 0 for none
   * @return false, having sent nothing, when the packet is larger than {@code maxPacketSize}
   */
  default boolean sendQos0(Message m, boolean retain, MqttVersion version, long maxPacketSize) {
    MqttProperties props = version.isV5() ? m.properties() : MqttProperties.NONE;
    Publish p = new Publish(m.topic(), 0, retain, false, 0, props, m.payload().duplicate());
    if (maxPacketSize > 0 && MqttEncoder.encodedSize(p, version) > maxPacketSize) {
      return false;
    }
    m.retain(); // send() releases the packet's reference
    send(p);
    return true;
  }

  /**
   * The client's CONNECT is being refused (authentication, a ban, a bad client identifier, a malformed packet): the
   * server logs it, rate-limited. {@code clientId} is null when the CONNECT was not read that far.
   */
  default void connectRefused(String clientId, int reasonCode, String why) {}

  /** Flushes what was sent and closes the network connection. */
  void close();

  /** Closes the connection if nothing is read for this long (0: never). Keep Alive × multiplier. */
  void setReadTimeout(long millis);

  /** Stops or resumes reading from the socket (while a session is being taken over from another loop). */
  void setReading(boolean reading);

  /**
   * False while the connection's write buffer is over its high-water mark (the client reads slower than it is sent
   * to): QoS 0 messages are then dropped rather than buffered without bound.
   */
  boolean isWritable();
}
