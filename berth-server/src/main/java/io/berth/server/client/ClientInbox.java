package io.berth.server.client;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.BlockingQueue;

/**
 * Hands every packet, error and the close to the command's thread through a queue. A PUBLISH payload is copied and
 * the read buffer released here, so that no pooled buffer leaves the event loop. Sends PINGREQ when idle.
 */
final class ClientInbox extends ChannelInboundHandlerAdapter {
  private final BlockingQueue<Object> inbox;
  private final Object closedMarker;
  private final MqttVersion version;

  ClientInbox(BlockingQueue<Object> inbox, Object closedMarker, MqttVersion version) {
    this.inbox = inbox;
    this.closedMarker = closedMarker;
    this.version = version;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Object packet = msg;
    if (msg instanceof Publish p) {
      byte[] bytes = ByteBufUtil.getBytes(p.payload());
      p.payload().release();
      packet = new Publish(p.topic(), p.qos(), p.retain(), p.dup(), p.packetId(), p.properties(),
          Unpooled.wrappedBuffer(bytes));
    }
    inbox.add(packet);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.writeAndFlush(MqttEncoder.encode(ctx.alloc(), PingReq.INSTANCE, version));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    inbox.add(cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inbox.add(closedMarker);
  }
}
