package io.berth.server.client;

import io.berth.codec.MqttVersion;
import io.berth.server.websocket.BinaryFrames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

/**
 * How a client reaches the broker: plain TCP, TLS, WebSocket (ws://), WebSocket over TLS (wss://), QUIC or a Unix
 * domain socket. The head it adds completes {@code ready} once TLS and the WebSocket upgrade are done, so that CONNECT
 * goes out only then. TLS contexts come from {@link ClientTls}.
 */
public final class ClientTransport {
  final String host;
  final int port;
  /** The name TLS sends (SNI) and checks against the certificate: the host unless told otherwise. */
  final String serverName;
  private final SslContext ssl;
  private final URI ws;
  /** QUIC: the QUIC TLS context; null for TCP transports. */
  final QuicSslContext quic;
  /** A Unix socket: the socket file; null for the others. */
  final Path unix;

  private ClientTransport(String host, int port, String serverName, SslContext ssl, URI ws, QuicSslContext quic,
      Path unix) {
    this.host = host;
    this.port = port;
    this.serverName = serverName == null || serverName.isEmpty() ? host : serverName;
    this.ssl = ssl;
    this.ws = ws;
    this.quic = quic;
    this.unix = unix;
  }

  public static ClientTransport plain(String host, int port) {
    return new ClientTransport(host, port, null, null, null, null, null);
  }

  public static ClientTransport unix(Path path) {
    return new ClientTransport("", 0, null, null, null, null, path);
  }

  /** MQTT over TLS; {@code serverName} (null: the host) is sent as SNI and checked against the certificate. */
  public static ClientTransport tls(String host, int port, SslContext ssl, String serverName) {
    return new ClientTransport(host, port, serverName, ssl, null, null, null);
  }

  /** MQTT over QUIC (TLS 1.3 always). */
  public static ClientTransport quic(String host, int port, QuicSslContext ssl, String serverName) {
    return new ClientTransport(host, port, serverName, null, null, ssl, null);
  }

  /**
   * MQTT over WebSocket to {@code url} (ws:// or wss://; the port defaults to 80 or 443); {@code ssl} is required
   * for wss://, ignored for ws://.
   */
  public static ClientTransport websocket(URI url, SslContext ssl, String serverName) {
    boolean secure = "wss".equalsIgnoreCase(url.getScheme());
    int p = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
    return new ClientTransport(url.getHost(), p, serverName, secure ? ssl : null, url, null, null);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Whether a TLS session will exist (ssl, wss, quic). */
  public boolean secure() {
    return ssl != null || quic != null;
  }

  /** "127.0.0.1:1883", "quic://host:14567", "wss://host:8084/mqtt", "unix:/run/berth.sock". */
  public String address() {
    if (unix != null) {
      return "unix:" + unix;
    }
    return ws != null ? ws.toString() : (quic != null ? "quic://" : "")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Adds TLS and WebSocket handlers; {@code ready} completes when MQTT may start, fails with the reason if not. */
  void addHead(Channel ch, MqttVersion version, Promise<Void> ready, HandshakeTimes times) {
    if (ssl != null) {
      ch.pipeline().addLast(ssl.newHandler(ch.alloc(), serverName, port));
    }
    if (ws != null) {
      ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
          new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder().webSocketUri(ws)
              // "mqtt" [MQTT-6.0.0-3]; MQTT 3.1 clients traditionally offer "mqttv3.1"
              .subprotocol(version == MqttVersion.V3_1 ? "mqttv3.1" : "mqtt")
              .handshakeTimeoutMillis(MqttClient.TIMEOUT_MILLIS).build()),
          new BinaryFrames());
    }
    ch.pipeline().addLast(new Ready(ready, ssl != null && ws == null, ws != null, times));
  }

  /** Completes the promise on the last handshake's end (or at once for plain TCP). */
  private static final class Ready extends ChannelInboundHandlerAdapter {
    private final Promise<Void> ready;
    private final boolean awaitTls;
    private final boolean awaitWs;
    private final HandshakeTimes times;

    Ready(Promise<Void> ready, boolean awaitTls, boolean awaitWs, HandshakeTimes times) {
      this.ready = ready;
      this.awaitTls = awaitTls;
      this.awaitWs = awaitWs;
      this.times = times;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      times.connected();
      if (!awaitTls && !awaitWs) {
        ready.trySuccess(null);
      }
      ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e) {
        if (!e.isSuccess()) {
          ready.tryFailure(e.cause());
        } else {
          times.tls();
          if (awaitTls) {
            ready.trySuccess(null);
          }
        }
      } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        times.websocket();
        ready.trySuccess(null);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ready.tryFailure(cause);
      ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ready.tryFailure(new ClosedChannelException());
      ctx.fireChannelInactive();
    }
  }
}
