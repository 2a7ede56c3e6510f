package io.berth.codec;

import static io.berth.codec.PacketType.*;

import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes packets for a given protocol version (a CONNECT always in its own). Sizes are computed first and the output
 * buffer is allocated once, exactly. Fields the version cannot carry (3.1.1 reason codes, properties) are dropped;
 * values the wire cannot hold (strings over 64 KB, QoS 3, a packet over 256 MB) throw IllegalArgumentException.
 */
public final class MqttEncoder {
  /** Payloads from this size on are appended as a retained slice instead of copied (a copy is cheaper below). */
  static final int ZERO_COPY_THRESHOLD = 8192;

  private MqttEncoder() {}

  /** The whole packet; a PUBLISH payload is not released (the caller owns it) and its reader index is unchanged. */
  public static ByteBuf encode(ByteBufAllocator alloc, MqttPacket packet, MqttVersion version) {
    MqttVersion v = versionFor(packet, version);
    int remaining = bodySize(packet, v);
    int size = 1 + Wire.varIntSize(remaining) + remaining;
    if (packet instanceof Publish p && p.payload().readableBytes() >= ZERO_COPY_THRESHOLD) {
      ByteBuf head = alloc.ioBuffer(size - p.payload().readableBytes());
      try {
        writeFixedHeader(head, packet, remaining);
        PublishCodec.writeHeader(head, p, v);
      } catch (RuntimeException e) {
        head.release();
        throw e;
      }
      return alloc.compositeBuffer(2).addComponents(true, head, p.payload().retainedSlice());
    }
    ByteBuf out = alloc.ioBuffer(size);
    try {
      writeFixedHeader(out, packet, remaining);
      writeBody(out, packet, v);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    return out;
  }

  /** Exact size of the whole encoded packet, to compare with a peer's Maximum Packet Size before sending. */
  public static int encodedSize(MqttPacket packet, MqttVersion version) {
    int remaining = bodySize(packet, versionFor(packet, version));
    return 1 + Wire.varIntSize(remaining) + remaining;
  }

  private static MqttVersion versionFor(MqttPacket packet, MqttVersion version) {
    MqttVersion v = packet instanceof Connect c ? c.version() : version;
    if (v == null) {
      throw new IllegalArgumentException("no protocol version to encode " + PacketType.name(packet.type()));
    }
    if (!v.isV5() && packet instanceof Auth) {
      throw new IllegalArgumentException("AUTH exists in MQTT 5 only");
    }
    return v;
  }

  private static void writeFixedHeader(ByteBuf out, MqttPacket packet, int remaining) {
    int type = packet.type();
    int first =
        switch (type) {
          case PUBLISH -> PublishCodec.firstByte((Publish) packet);
          case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> (type << 4) | 0b0010; // [MQTT-2.1.3-1]
          default -> type << 4;
        };
    out.writeByte(first);
    Wire.writeVarInt(out, remaining);
  }

  /** The Remaining Length. Java 17 has no pattern switch: switch on the type, then cast. */
  private static int bodySize(MqttPacket packet, MqttVersion v) {
    long size =
        switch (packet.type()) {
          case CONNECT -> ConnectCodec.connectSize((Connect) packet);
          case CONNACK -> ConnectCodec.connackSize((Connack) packet, v);
          case PUBLISH -> {
            Publish p = (Publish) packet;
            yield (long) PublishCodec.headerSize(p, v) + p.payload().readableBytes();
          }
          case PUBACK -> {
            PubAck a = (PubAck) packet;
            yield AckCodec.pubAckSize(a.reasonCode(), a.properties(), v);
          }
          case PUBREC -> {
            PubRec a = (PubRec) packet;
            yield AckCodec.pubAckSize(a.reasonCode(), a.properties(), v);
          }
          case PUBREL -> {
            PubRel a = (PubRel) packet;
            yield AckCodec.pubAckSize(a.reasonCode(), a.properties(), v);
          }
          case PUBCOMP -> {
            PubComp a = (PubComp) packet;
            yield AckCodec.pubAckSize(a.reasonCode(), a.properties(), v);
          }
          case SUBSCRIBE -> SubscribeCodec.subscribeSize((Subscribe) packet, v);
          case SUBACK -> {
            Suback s = (Suback) packet;
            yield SubscribeCodec.ackSize(SUBACK, s.properties(), s.reasonCodes(), v);
          }
          case UNSUBSCRIBE -> SubscribeCodec.unsubscribeSize((Unsubscribe) packet, v);
          case UNSUBACK -> {
            Unsuback u = (Unsuback) packet;
            yield SubscribeCodec.ackSize(UNSUBACK, u.properties(), u.reasonCodes(), v);
          }
          case DISCONNECT -> AckCodec.disconnectSize((Disconnect) packet, v);
          case AUTH -> AckCodec.authSize((Auth) packet);
          default -> 0; // PINGREQ, PINGRESP
        };
    if (size > Wire.MAX_VAR_INT) {
      throw new IllegalArgumentException("remaining length " + size + " over 268,435,455 bytes");
    }
    return (int) size;
  }

  private static void writeBody(ByteBuf out, MqttPacket packet, MqttVersion v) {
    switch (packet.type()) {
      case CONNECT -> ConnectCodec.writeConnect(out, (Connect) packet);
      case CONNACK -> ConnectCodec.writeConnack(out, (Connack) packet, v);
      case PUBLISH -> {
        Publish p = (Publish) packet;
        PublishCodec.writeHeader(out, p, v);
        ByteBuf payload = p.payload();
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
      }
      case PUBACK -> {
        PubAck a = (PubAck) packet;
        AckCodec.writePubAck(out, a.packetId(), a.reasonCode(), a.properties(), v);
      }
      case PUBREC -> {
        PubRec a = (PubRec) packet;
        AckCodec.writePubAck(out, a.packetId(), a.reasonCode(), a.properties(), v);
      }
      case PUBREL -> {
        PubRel a = (PubRel) packet;
        AckCodec.writePubAck(out, a.packetId(), a.reasonCode(), a.properties(), v);
      }
      case PUBCOMP -> {
        PubComp a = (PubComp) packet;
        AckCodec.writePubAck(out, a.packetId(), a.reasonCode(), a.properties(), v);
      }
      case SUBSCRIBE -> SubscribeCodec.writeSubscribe(out, (Subscribe) packet, v);
      case SUBACK -> {
        Suback s = (Suback) packet;
        SubscribeCodec.writeAck(out, s.packetId(), s.properties(), s.reasonCodes(), v, false);
      }
      case UNSUBSCRIBE -> SubscribeCodec.writeUnsubscribe(out, (Unsubscribe) packet, v);
      case UNSUBACK -> {
        Unsuback u = (Unsuback) packet;
        SubscribeCodec.writeAck(out, u.packetId(), u.properties(), u.reasonCodes(), v, true);
      }
      case DISCONNECT -> AckCodec.writeDisconnect(out, (Disconnect) packet, v);
      case AUTH -> AckCodec.writeAuth(out, (Auth) packet);
      default -> {} // PINGREQ, PINGRESP: no body
    }
  }
}
