package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;
import java.util.List;

/** UNSUBACK (3.11). MQTT 3.1.1 has no reason codes: the list is empty when decoded from or encoded for 3.1.1. */
public record Unsuback(int packetId, List<Integer> reasonCodes, MqttProperties properties) implements MqttPacket {
  public Unsuback {
    reasonCodes = List.copyOf(reasonCodes);
  }

  @Override
  public int type() {
    return PacketType.UNSUBACK;
  }
}
