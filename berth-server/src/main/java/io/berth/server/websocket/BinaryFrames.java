package io.berth.server.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * MQTT over WebSocket as a byte stream: binary (and continuation) frames in become bytes for the MQTT decoder, so
 * several packets in one frame and one packet across frames both work; bytes written become binary frames. Any
 * other data frame closes the connection [MQTT-6.0.0-1] [MQTT-6.0.0-2], as does a frame the decoder refuses. Used by the broker and by the CLI client.
 */
public final class BinaryFrames extends ChannelDuplexHandler {
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      ctx.fireChannelRead(((io.netty.handler.codec.http.websocketx.WebSocketFrame) msg).content());
    } else {
      ReferenceCountUtil.release(msg);
      if (msg instanceof io.netty.handler.codec.http.websocketx.WebSocketFrame) { // a text frame
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
            .addListener(f -> ctx.close());
      }
    }
  }

  /**
   * A frame over max_frame_size or otherwise against RFC 6455: Netty's decoder has sent the Close frame (1009, 1002)
   * and is closing; that is the peer's fault, not an error of ours (no stack trace).
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException) {
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf && buf.isReadable()) {
      ctx.write(new BinaryWebSocketFrame(buf), promise);
    } else {
      ctx.write(msg, promise); // an empty buffer (a flush marker before close) is no frame
    }
  }
}
