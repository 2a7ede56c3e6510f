package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;

/** CONNACK (3.2). {@code reasonCode} is the MQTT 5 reason code, or the 3.1.1 return code for older clients. */
public record Connack(boolean sessionPresent, int reasonCode, MqttProperties properties) implements MqttPacket {
  @Override
  public int type() {
    return PacketType.CONNACK;
  }
}
