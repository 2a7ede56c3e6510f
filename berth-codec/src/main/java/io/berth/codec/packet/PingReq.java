package io.berth.codec.packet;

import io.berth.codec.PacketType;

/** PINGREQ (3.12). */
public record PingReq() implements MqttPacket {
  public static final PingReq INSTANCE = new PingReq();

  @Override
  public int type() {
    return PacketType.PINGREQ;
  }
}
