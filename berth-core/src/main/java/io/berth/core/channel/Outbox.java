package io.berth.core.channel;

import io.berth.codec.packet.MqttPacket;

/**
 * What a {@link Channel} may do to its network connection. The server implements it over a Netty channel; tests
 * implement it by recording. All calls come on the connection's event loop.
 */
public interface Outbox {

  /** Queues a packet for the client; the connection flushes once per event-loop turn. */
  void send(MqttPacket packet);

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
