package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;

/** DISCONNECT (3.14). MQTT 3.1.1 has no variable header: reason 0x00, no properties. */
public record Disconnect(int reasonCode, MqttProperties properties) implements MqttPacket {
  public static final Disconnect NORMAL = new Disconnect(0, MqttProperties.NONE);

  @Override
  public int type() {
    return PacketType.DISCONNECT;
  }
}
