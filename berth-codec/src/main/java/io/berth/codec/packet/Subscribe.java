package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.PacketType;
import java.util.List;

/** SUBSCRIBE (3.8). */
public record Subscribe(int packetId, List<Subscription> subscriptions, MqttProperties properties)
    implements MqttPacket {
  public Subscribe {
    subscriptions = List.copyOf(subscriptions);
  }

  @Override
  public int type() {
    return PacketType.SUBSCRIBE;
  }
}
