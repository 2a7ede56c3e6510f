package io.berth.server.websocket;

import io.berth.server.config.WebSocketOptions;
import io.berth.server.listener.RefusalLog;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/** The WebSocket layer of a ws or wss listener's pipeline (RFC 6455; MQTT over WebSocket: MQTT 5.0 §6). */
public final class WebSocketHead {
  /** The upgrade request has no body: anything larger is not one (answered 413 and closed). */
  private static final int MAX_REQUEST_BODY = 8192;
  private final WebSocketOptions options;
  private final RefusalLog refusals;
  private final WebSocketServerProtocolConfig protocol;

  public WebSocketHead(WebSocketOptions options, RefusalLog refusals) {
    this.options = options;
    this.refusals = refusals;
    this.protocol = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(options.mqttPath())
        .checkStartsWith(true) // "/mqtt?query" too; UpgradeCheck has already refused any other path
        .subprotocols(String.join(",", UpgradeCheck.SUBPROTOCOLS))
        .handshakeTimeoutMillis(10_000)
        .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE) // a Close frame before the TCP close
        .dropPongFrames(true)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(options.maxFrameSize()) // larger: closed with 1009
            .allowExtensions(false)
            .allowMaskMismatch(false) // clients must mask (RFC 6455 §5.1)
            .build())
        .build();
  }

  public void addTo(ChannelPipeline p) {
    p.addLast("http", new HttpServerCodec()) // 4 KB request line, 8 KB headers: then 400
        .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY))
        .addLast("ws-upgrade-check", new UpgradeCheck(options, refusals))
        .addLast("ws", new WebSocketServerProtocolHandler(protocol))
        .addLast("ws-frames", new BinaryFrames());
  }

  public String path() {
    return options.mqttPath();
  }
}
