package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;

/** PUBREL (3.6). MQTT 3.1.1 carries only the packet identifier: reason code 0x00, no properties. */
public record PubRel(int packetId, int reasonCode, MqttProperties properties) implements MqttPacket {
  public PubRel(int packetId) {
    this(packetId, 0, MqttProperties.NONE);
  }

  @Override
  public int type() {
    return PacketType.PUBREL;
  }
}
