package io.berth.server.connection;

import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;

/**
 * Where a connection's outgoing packets go when its transport has more than one stream (MQTT over QUIC with data
 * streams): consulted by {@link MqttConnection#send} before it writes to its own channel.
 */
public interface PacketRoute {
  /**
   * @return true when the packet was taken (written to another stream, its payload released); false to send it on
   *     the connection's own stream
   */
  boolean divert(MqttPacket packet, MqttVersion version);
}
