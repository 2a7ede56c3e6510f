package io.berth.server.connection;

import io.berth.codec.MqttDecodeException;
import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.core.BrokerCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Turns the byte stream of a QUIC data stream into MQTT packets with Berth's codec (every other connection's
 * {@link MqttConnection} decodes its own bytes). A malformed packet is passed on as its
 * {@link MqttDecodeException} (so the connection can answer with the reason code), and everything after it is
 * discarded unread.
 */
public final class MqttFrameDecoder extends ByteToMessageDecoder {
  private final MqttDecoder decoder;
  private final BrokerCounters counters;
  private boolean failed;

  /** @param counters where the bytes read are counted (bytes.received) */
  public MqttFrameDecoder(int maxPacketSize, BrokerCounters counters) {
    this.decoder = new MqttDecoder(maxPacketSize);
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b) { // the MQTT bytes, after any TLS or WebSocket framing
      counters.bytesReceived(b.readableBytes());
    }
    super.channelRead(ctx, msg);
  }

  /** For a stream that carries no CONNECT of its own (a QUIC data stream): decode in the connection's version. */
  public void setVersion(MqttVersion version) {
    decoder.setVersion(version);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      MqttPacket packet = decoder.decode(in);
      if (packet != null) {
        out.add(packet);
      }
    } catch (MqttDecodeException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      out.add(e);
    }
  }
}
