package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;
import java.util.List;

/** SUBACK (3.9): one reason code (granted QoS or failure) per topic filter, in order. */
public record Suback(int packetId, List<Integer> reasonCodes, MqttProperties properties) implements MqttPacket {
  public Suback {
    reasonCodes = List.copyOf(reasonCodes);
  }

  @Override
  public int type() {
    return PacketType.SUBACK;
  }
}
