package io.berth.server.cli;

import io.berth.codec.MqttVersion;
import io.berth.server.tls.PemFiles;
import io.berth.server.tls.TlsProblem;
import io.berth.server.websocket.BinaryFrames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.berth.server.quic.QuicClient;
import io.berth.server.tls.QuicTls;
import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * How berth pub/sub reach the broker: plain TCP, TLS (with a CA file, a client certificate, or --insecure), WebSocket
 * (ws://), WebSocket over TLS (wss://), QUIC (--quic) or a Unix domain socket (--unix). The head it adds completes {@code ready} once TLS and the WebSocket upgrade
 * are done, so that CONNECT goes out only then.
 */
final class ClientTransport {
  final String host;
  final int port;
  private final SslContext ssl;
  private final URI ws;
  /** --quic: the QUIC TLS context; null for TCP transports. */
  final QuicSslContext quic;
  /** --unix: the socket file; null for the others. */
  final Path unix;

  private ClientTransport(String host, int port, SslContext ssl, URI ws, QuicSslContext quic, Path unix) {
    this.host = host;
    this.port = port;
    this.ssl = ssl;
    this.ws = ws;
    this.quic = quic;
    this.unix = unix;
  }

  private ClientTransport(String host, int port, SslContext ssl, URI ws) {
    this(host, port, ssl, ws, null, null);
  }

  static ClientTransport plain(String host, int port) {
    return new ClientTransport(host, port, null, null);
  }

  static ClientTransport unix(Path path) {
    return new ClientTransport("", 0, null, null, null, path);
  }

  /** MQTT over QUIC: TLS 1.3 always, so --cafile/--cert/--key/--insecure apply as with --tls. */
  static ClientTransport quic(String host, int port, URI ws, Path cafile, Path cert, Path key, boolean insecure)
      throws CliError {
    if (ws != null) {
      throw new CliError(CliError.USAGE, "--quic and --ws are different transports: choose one");
    }
    if ((cert == null) != (key == null)) {
      throw new CliError(CliError.USAGE, "--cert and --key go together");
    }
    java.security.PrivateKey k = null;
    if (key != null) {
      try {
        k = PemFiles.privateKey(key, null);
      } catch (TlsProblem p) {
        throw new CliError(CliError.USAGE, "--key " + key + ": " + p.getMessage());
      }
    }
    QuicSslContext ctx = QuicClient.context(cafile == null ? null : certificates("--cafile", cafile), insecure, k,
        cert == null ? null : certificates("--cert", cert), QuicTls.ALPN);
    return new ClientTransport(host, port, null, null, ctx, null);
  }

  /** @param ws a ws:// or wss:// URL, or null; @param tls TLS without WebSocket */
  static ClientTransport of(String host, int port, boolean tls, URI ws, Path cafile, Path cert, Path key,
      boolean insecure) throws CliError {
    if (ws != null) {
      String scheme = String.valueOf(ws.getScheme()).toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss") || ws.getHost() == null) {
        throw new CliError(CliError.USAGE, "--ws expects ws://host[:port]/path or wss://host[:port]/path, not " + ws);
      }
      boolean secure = scheme.equals("wss");
      int p = ws.getPort() > 0 ? ws.getPort() : secure ? 443 : 80;
      return new ClientTransport(ws.getHost(), p, secure ? context(cafile, cert, key, insecure) : null, ws);
    }
    return new ClientTransport(host, port, tls ? context(cafile, cert, key, insecure) : null, null);
  }

  private static SslContext context(Path cafile, Path cert, Path key, boolean insecure) throws CliError {
    try {
      SslContextBuilder b = SslContextBuilder.forClient()
          .protocols("TLSv1.3", "TLSv1.2")
          // Check the broker's name against its certificate (RFC 6125), unless --insecure
          .endpointIdentificationAlgorithm(insecure ? null : "HTTPS");
      if (insecure) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else if (cafile != null) {
        b.trustManager(certificates("--cafile", cafile));
      }
      if ((cert == null) != (key == null)) {
        throw new CliError(CliError.USAGE, "--cert and --key go together");
      }
      if (cert != null) {
        java.security.PrivateKey k;
        try {
          k = PemFiles.privateKey(key, null);
        } catch (TlsProblem p) {
          throw new CliError(CliError.USAGE, "--key " + key + ": " + p.getMessage());
        }
        b.keyManager(k, certificates("--cert", cert));
      }
      return b.build();
    } catch (SSLException e) {
      throw new CliError(CliError.USAGE, "cannot set up TLS: " + e.getMessage());
    }
  }

  private static java.security.cert.X509Certificate[] certificates(String option, Path file) throws CliError {
    try {
      return PemFiles.certificates(file).toArray(java.security.cert.X509Certificate[]::new);
    } catch (TlsProblem p) {
      throw new CliError(CliError.USAGE, option + " " + file + ": " + p.getMessage());
    }
  }

  String address() {
    if (unix != null) {
      return "unix:" + unix;
    }
    return ws != null ? ws.toString() : (quic != null ? "quic://" : "")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Adds TLS and WebSocket handlers; {@code ready} completes when MQTT may start, fails with the reason if not. */
  void addHead(Channel ch, MqttVersion version, Promise<Void> ready) {
    if (ssl != null) {
      ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
    }
    if (ws != null) {
      ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
          new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder().webSocketUri(ws)
              // "mqtt" [MQTT-6.0.0-3]; MQTT 3.1 clients traditionally offer "mqttv3.1"
              .subprotocol(version == MqttVersion.V3_1 ? "mqttv3.1" : "mqtt")
              .handshakeTimeoutMillis(MqttCliClient.TIMEOUT_MILLIS).build()),
          new BinaryFrames());
    }
    ch.pipeline().addLast(new Ready(ready, ssl != null && ws == null, ws != null));
  }

  /** Completes the promise on the last handshake's end (or at once for plain TCP). */
  private static final class Ready extends ChannelInboundHandlerAdapter {
    private final Promise<Void> ready;
    private final boolean awaitTls;
    private final boolean awaitWs;

    Ready(Promise<Void> ready, boolean awaitTls, boolean awaitWs) {
      this.ready = ready;
      this.awaitTls = awaitTls;
      this.awaitWs = awaitWs;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
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
        } else if (awaitTls) {
          ready.trySuccess(null);
        }
      } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
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
