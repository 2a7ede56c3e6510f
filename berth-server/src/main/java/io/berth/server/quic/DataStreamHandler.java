package io.berth.server.quic;

import io.berth.codec.MqttDecodeException;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.server.connection.MqttFrameDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data stream of a multi-stream MQTT-over-QUIC connection: PUBLISH, SUBSCRIBE, UNSUBSCRIBE and the
 * acknowledgements of deliveries. Not read until the control stream's CONNECT is accepted (QUIC flow control holds
 * the client meanwhile). A malformed packet, or CONNECT/DISCONNECT/AUTH (control stream only), resets this stream
 * alone: the connection and its other streams go on.
 */
final class DataStreamHandler extends ChannelInboundHandlerAdapter {
  /** Application error code of a data stream the broker resets (RESET_STREAM / STOP_SENDING, RFC 9000 §19.4). */
  static final int STREAM_ERROR = 0x1;
  private static final Logger log = LoggerFactory.getLogger(DataStreamHandler.class);
  private final QuicStreams streams;
  private ChannelHandlerContext ctx;

  DataStreamHandler(QuicStreams streams) {
    this.streams = streams;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    streams.open(this);
  }

  /** The connection is up: decode in its MQTT version and start reading. */
  void start(MqttVersion version) {
    if (!ctx.channel().isOpen()) {
      return;
    }
    ctx.pipeline().get(MqttFrameDecoder.class).setVersion(version);
    ctx.channel().config().setAutoRead(true);
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MqttDecodeException e) {
      fail(ctx, "malformed packet: " + e.getMessage());
    } else if (msg instanceof Connect || msg instanceof Disconnect || msg instanceof Auth) {
      ReferenceCountUtil.release(msg);
      fail(ctx, ((MqttPacket) msg).getClass().getSimpleName().toUpperCase() + " belongs on the control stream");
    } else if (msg instanceof MqttPacket p && streams.isConnected()) {
      streams.forward((QuicStreamChannel) ctx.channel(), p);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private static void fail(ChannelHandlerContext ctx, String why) {
    log.debug("resetting QUIC data stream {} of {}: {}", ((QuicStreamChannel) ctx.channel()).streamId(),
        ((QuicStreamChannel) ctx.channel()).parent().remoteSocketAddress(), why);
    ctx.channel().config().setAutoRead(false);
    ((QuicStreamChannel) ctx.channel()).shutdown(STREAM_ERROR).addListener(f -> ctx.close());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    streams.closed((QuicStreamChannel) ctx.channel(), this);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing QUIC data stream: {}", cause.toString());
    ctx.close(); // this stream only
  }
}
