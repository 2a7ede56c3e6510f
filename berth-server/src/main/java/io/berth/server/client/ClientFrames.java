package io.berth.server.client;

import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/** Bytes to packets with Berth's codec, in the version of the CLI's own CONNECT. */
final class ClientFrames extends ByteToMessageDecoder {
  private final MqttDecoder decoder;

  ClientFrames(MqttVersion version, int maxPacketSize) {
    decoder = new MqttDecoder(maxPacketSize);
    decoder.setVersion(version);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    MqttPacket p = decoder.decode(in);
    if (p != null) {
      out.add(p);
    }
  }
}
