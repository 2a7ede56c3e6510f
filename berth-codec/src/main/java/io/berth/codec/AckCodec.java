package io.berth.codec;

import static io.berth.codec.PacketType.AUTH;
import static io.berth.codec.PacketType.DISCONNECT;

import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.netty.buffer.ByteBuf;

/**
 * The small packets made of an optional reason code and optional properties: PUBACK, PUBREC, PUBREL, PUBCOMP (3.4-3.7),
 * DISCONNECT (3.14) and AUTH (3.15). MQTT 5 lets the sender drop trailing fields when they are the defaults.
 */
final class AckCodec {
  private AckCodec() {}

  static PubAck decodePubAck(ByteBuf b, MqttVersion v) {
    int id = Wire.readShort(b, PacketType.PUBACK);
    return new PubAck(id, reason(b, v), properties(b, v, PacketType.PUBACK));
  }

  static PubRec decodePubRec(ByteBuf b, MqttVersion v) {
    int id = Wire.readShort(b, PacketType.PUBREC);
    return new PubRec(id, reason(b, v), properties(b, v, PacketType.PUBREC));
  }

  static PubRel decodePubRel(ByteBuf b, MqttVersion v) {
    int id = Wire.readShort(b, PacketType.PUBREL);
    return new PubRel(id, reason(b, v), properties(b, v, PacketType.PUBREL));
  }

  static PubComp decodePubComp(ByteBuf b, MqttVersion v) {
    int id = Wire.readShort(b, PacketType.PUBCOMP);
    return new PubComp(id, reason(b, v), properties(b, v, PacketType.PUBCOMP));
  }

  /** MQTT 3.1.1 DISCONNECT has no body; the decoder rejects trailing bytes. */
  static Disconnect decodeDisconnect(ByteBuf b, MqttVersion v) {
    if (!v.isV5() || !b.isReadable()) {
      return Disconnect.NORMAL;
    }
    return new Disconnect(reason(b, v), properties(b, v, DISCONNECT));
  }

  static Auth decodeAuth(ByteBuf b, MqttVersion v) {
    return new Auth(reason(b, v), properties(b, v, AUTH));
  }

  /** Reason code, or Success when the packet ends before it (3.4.2.1, 3.14.2.1, 3.15.2.1). */
  private static int reason(ByteBuf b, MqttVersion v) {
    return v.isV5() && b.isReadable() ? b.readUnsignedByte() : ReasonCode.SUCCESS;
  }

  /** Properties, or none when the packet ends before the property length (3.4.2.2.1, 3.14.2.2.1). */
  private static MqttProperties properties(ByteBuf b, MqttVersion v, int packetType) {
    return v.isV5() && b.isReadable() ? PropertiesCodec.read(b, packetType, packetType) : MqttProperties.NONE;
  }

  /** Body size of a packet-id ack: the short forms when reason and properties are defaults. */
  static int pubAckSize(int reason, MqttProperties props, MqttVersion v) {
    if (!v.isV5()) {
      return 2;
    }
    if (props.isEmpty()) {
      return reason == ReasonCode.SUCCESS ? 2 : 3;
    }
    return 3 + PropertiesCodec.size(props);
  }

  static void writePubAck(ByteBuf out, int packetId, int reason, MqttProperties props, MqttVersion v) {
    out.writeShort(packetId);
    if (!v.isV5() || (reason == ReasonCode.SUCCESS && props.isEmpty())) {
      return;
    }
    out.writeByte(reason);
    if (!props.isEmpty()) {
      PropertiesCodec.write(out, props);
    }
  }

  static int disconnectSize(Disconnect d, MqttVersion v) {
    if (!v.isV5()) {
      return 0;
    }
    if (d.properties().isEmpty()) {
      return d.reasonCode() == ReasonCode.NORMAL_DISCONNECTION ? 0 : 1;
    }
    return 1 + PropertiesCodec.size(d.properties());
  }

  static void writeDisconnect(ByteBuf out, Disconnect d, MqttVersion v) {
    if (!v.isV5() || (d.reasonCode() == 0 && d.properties().isEmpty())) {
      return;
    }
    out.writeByte(d.reasonCode());
    if (!d.properties().isEmpty()) {
      PropertiesCodec.write(out, d.properties());
    }
  }

  /** AUTH: Remaining Length 0 for Success without properties; otherwise always with a property length. */
  static int authSize(Auth a) {
    if (a.reasonCode() == ReasonCode.SUCCESS && a.properties().isEmpty()) {
      return 0;
    }
    return 1 + PropertiesCodec.size(a.properties());
  }

  static void writeAuth(ByteBuf out, Auth a) {
    if (a.reasonCode() == ReasonCode.SUCCESS && a.properties().isEmpty()) {
      return;
    }
    out.writeByte(a.reasonCode());
    PropertiesCodec.write(out, a.properties());
  }
}
