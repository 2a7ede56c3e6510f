package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;
import io.netty.buffer.ByteBuf;

/**
 * PUBLISH (3.3). The payload is a reference-counted slice of the read buffer: whoever holds the packet owns one
 * reference and must release it (or pass it on). {@code packetId} is 0 for QoS 0. {@code topic} may be empty when an
 * MQTT 5 Topic Alias stands for it.
 */
public record Publish(
    String topic, int qos, boolean retain, boolean dup, int packetId, MqttProperties properties, ByteBuf payload)
    implements MqttPacket {
  @Override
  public int type() {
    return PacketType.PUBLISH;
  }

  @Override
  public String toString() {
    return "Publish[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", dup=" + dup + ", packetId="
        + packetId + ", properties=" + properties + ", " + payload.readableBytes() + " bytes]";
  }
}
