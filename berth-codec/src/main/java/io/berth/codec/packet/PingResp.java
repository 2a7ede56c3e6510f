package io.berth.codec.packet;

import io.berth.codec.PacketType;

/** PINGRESP (3.13). */
public record PingResp() implements MqttPacket {
  public static final PingResp INSTANCE = new PingResp();

  @Override
  public int type() {
    return PacketType.PINGRESP;
  }
}
