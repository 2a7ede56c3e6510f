package io.berth.server.connection;

import io.berth.codec.MqttDecodeException;
import io.berth.codec.MqttDecoder;
import io.berth.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * A connection's bytes made into whole MQTT packets, as a ByteToMessageDecoder would but without being a handler of
 * its own (one handler and its context less per connection). Bytes of an unfinished packet wait in a cumulation. A
 * malformed packet is passed on as its {@link MqttDecodeException} (so the connection can answer with the reason
 * code), and everything after it is discarded unread.
 */
final class PacketAssembler {
  private final int maxPacketSize;
  private MqttDecoder decoder; // made with the first bytes
  private ByteBuf cumulation; // the bytes of a packet not yet whole, or null
  private boolean failed; // a malformed packet came: what follows is discarded

  /** Where whole packets go (the connection itself: no object per read). */
  interface Sink {
    /** A whole {@link MqttPacket}, or the {@link MqttDecodeException} of a malformed one. */
    void packetRead(Object packetOrError);
  }

  PacketAssembler(int maxPacketSize) {
    this.maxPacketSize = maxPacketSize;
  }

  /**
   * Takes {@code in} (released here) and hands {@code sink} each packet it completes, or the
   * {@link MqttDecodeException} of a malformed one.
   */
  void add(ByteBufAllocator alloc, ByteBuf in, Sink sink) {
    if (failed) {
      in.release();
      return;
    }
    cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    try {
      ByteBuf c;
      while ((c = cumulation) != null && c.isReadable() && !failed) {
        MqttPacket packet;
        try {
          packet = decoder().decode(c);
        } catch (MqttDecodeException e) {
          failed = true;
          c.skipBytes(c.readableBytes());
          sink.packetRead(e);
          break;
        }
        if (packet == null) {
          break; // the rest of the packet is still to come
        }
        sink.packetRead(packet);
      }
    } finally {
      ByteBuf c = cumulation;
      if (c != null && !c.isReadable()) {
        cumulation = null;
        c.release();
      }
    }
  }

  /** At the end of a read batch, as ByteToMessageDecoder: the cumulation does not grow with what was read. */
  void discardReadBytes() {
    ByteBuf c = cumulation;
    if (c != null && c.refCnt() == 1) {
      c.discardSomeReadBytes();
    }
  }

  /** The bytes of an unfinished packet go with the connection. */
  void release() {
    ByteBuf c = cumulation;
    if (c != null) {
      cumulation = null;
      c.release();
    }
  }

  private MqttDecoder decoder() {
    if (decoder == null) {
      decoder = new MqttDecoder(maxPacketSize);
    }
    return decoder;
  }
}
