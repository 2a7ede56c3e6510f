package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;
import java.util.List;

/** UNSUBSCRIBE (3.10). */
public record Unsubscribe(int packetId, List<String> filters, MqttProperties properties) implements MqttPacket {
  public Unsubscribe {
    filters = List.copyOf(filters);
  }

  @Override
  public int type() {
    return PacketType.UNSUBSCRIBE;
  }
}
