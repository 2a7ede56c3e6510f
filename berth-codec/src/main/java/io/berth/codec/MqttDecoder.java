package io.berth.codec;

import static io.berth.codec.PacketType.*;

import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;

/**
 * Decodes MQTT 3.1, 3.1.1 and 5.0 packets of one connection, length first: the fixed header and Remaining Length are
 * judged before the body is buffered, so an oversized packet is refused with only its first five bytes read. The
 * decoder decodes every packet type in both directions; judging direction and state is the protocol layer's job.
 * After an exception the connection must be closed: the reader index is then unspecified.
 */
public final class MqttDecoder {
  private int maxPacketSize;
  private MqttVersion version;
  private RecentTopic recentTopic; // made with the first PUBLISH

  /** @param maxPacketSize the largest whole packet accepted (fixed header included), in bytes */
  public MqttDecoder(int maxPacketSize) {
    setMaxPacketSize(maxPacketSize);
  }

  public MqttVersion version() {
    return version;
  }

  /** Client side: the version of the CONNECT it sent, so that CONNACK and the rest decode in that version. */
  public void setVersion(MqttVersion v) {
    this.version = v;
  }

  public void setMaxPacketSize(int bytes) {
    if (bytes < 2) {
      throw new IllegalArgumentException("max packet size " + bytes);
    }
    this.maxPacketSize = bytes;
  }

  /** One packet from {@code in}, or null when more bytes are needed (the reader index is then unchanged). */
  public MqttPacket decode(ByteBuf in) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    if (readable < 1) {
      return null;
    }
    int first = in.getUnsignedByte(start);
    int type = first >>> 4;
    checkFixedHeader(type, first & 0x0F);
    int remaining = 0;
    int headerLen = 1;
    while (true) {
      if (headerLen >= readable) {
        return null;
      }
      int digit = in.getUnsignedByte(start + headerLen);
      remaining |= (digit & 0x7F) << (7 * (headerLen - 1));
      headerLen++;
      if ((digit & 0x80) == 0) {
        break;
      }
      if (headerLen == 5) { // the 4th length byte had its continuation bit
        throw Wire.malformed(type, "remaining length longer than 4 bytes [MQTT-1.5.5]");
      }
    }
    long total = (long) headerLen + remaining;
    if (total > maxPacketSize) { // refused before the body arrives [MQTT-3.1.2-24] / 3.2.2.3.6
      throw new MqttDecodeException(
          ReasonCode.PACKET_TOO_LARGE, type, "packet of " + total + " bytes, maximum " + maxPacketSize);
    }
    if (readable < total) {
      return null;
    }
    int end = start + (int) total;
    int writerIndex = in.writerIndex();
    MqttPacket packet;
    // The body is read in place, with the writer index at its end meanwhile: the field decoders stop where the
    // packet does, as they would in a slice of it, and no slice object is made per packet.
    in.setIndex(start + headerLen, end);
    try {
      packet = decodeBody(type, first & 0x0F, in);
    } catch (MqttDecodeException e) {
      throw version != null ? e.withVersion(version)
          : e.withVersion(ConnectCodec.peekVersion(in.slice(start + headerLen, remaining)));
    } finally {
      in.writerIndex(writerIndex);
    }
    if (in.readerIndex() != end) {
      if (packet instanceof Publish p) { // unreachable today (the payload takes the rest); kept for safety
        p.payload().release();
      }
      throw Wire.malformed(type, (end - in.readerIndex()) + " bytes left after the packet's fields")
          .withVersion(version);
    }
    return packet;
  }

  /** Reserved flags are exactly as the spec gives them [MQTT-2.1.3-1]; the first packet is a CONNECT. */
  private void checkFixedHeader(int type, int flags) {
    if (type == 0) {
      throw Wire.malformed(type, "reserved packet type 0 (2.1.2)");
    }
    if (version == null && type != CONNECT) {
      throw Wire.protocolError(type, "first packet is not CONNECT [MQTT-3.1.0-1]");
    }
    if (type == AUTH && !version.isV5()) {
      throw Wire.malformed(type, "AUTH before MQTT 5 (reserved type 15)");
    }
    if (type == PUBLISH) {
      PublishCodec.checkFlags(flags);
      return;
    }
    int expected = type == PUBREL || type == SUBSCRIBE || type == UNSUBSCRIBE ? 0b0010 : 0;
    if (flags != expected) {
      throw Wire.malformed(type, "fixed header flags " + flags + " must be " + expected + " [MQTT-2.1.3-1]");
    }
  }

  private MqttPacket decodeBody(int type, int flags, ByteBuf b) {
    MqttVersion v = version;
    return switch (type) {
      case CONNECT -> {
        var connect = ConnectCodec.decodeConnect(b);
        if (version == null) { // the first CONNECT fixes the version; a second one is the protocol layer's error
          version = connect.version();
        }
        yield connect;
      }
      case CONNACK -> ConnectCodec.decodeConnack(b, v);
      case PUBLISH -> PublishCodec.decode(b, flags, v, recentTopic());
      case PUBACK -> AckCodec.decodePubAck(b, v);
      case PUBREC -> AckCodec.decodePubRec(b, v);
      case PUBREL -> AckCodec.decodePubRel(b, v);
      case PUBCOMP -> AckCodec.decodePubComp(b, v);
      case SUBSCRIBE -> SubscribeCodec.decodeSubscribe(b, v);
      case SUBACK -> SubscribeCodec.decodeSuback(b, v);
      case UNSUBSCRIBE -> SubscribeCodec.decodeUnsubscribe(b, v);
      case UNSUBACK -> SubscribeCodec.decodeUnsuback(b, v);
      case PINGREQ -> PingReq.INSTANCE;
      case PINGRESP -> PingResp.INSTANCE;
      case DISCONNECT -> AckCodec.decodeDisconnect(b, v);
      case AUTH -> AckCodec.decodeAuth(b, v);
      default -> throw Wire.malformed(type, "reserved packet type " + type);
    };
  }

  private RecentTopic recentTopic() {
    if (recentTopic == null) {
      recentTopic = new RecentTopic();
    }
    return recentTopic;
  }
}
