package io.berth.codec.packet;

/** Every MQTT control packet, as an immutable record. Switch on it: the compiler checks that all are handled. */
public sealed interface MqttPacket
    permits Connect, Connack, Publish, PubAck, PubRec, PubRel, PubComp, Subscribe, Suback, Unsubscribe, Unsuback,
        PingReq, PingResp, Disconnect, Auth {

  /** The control packet type ({@link io.berth.codec.PacketType}). */
  int type();
}
