package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;

/** AUTH (3.15), MQTT 5 only. */
public record Auth(int reasonCode, MqttProperties properties) implements MqttPacket {
  @Override
  public int type() {
    return PacketType.AUTH;
  }
}
