package io.berth.server.quic;

import io.berth.server.tls.QuicTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * Berth's MQTT-over-QUIC client transport (Java has none): one QUIC connection, ALPN "mqtt", on its own event loop.
 * The first stream opened is the control stream; more streams make it a multi-stream connection as EMQX's clients
 * (emqtt, NanoSDK) use it. Used by {@code berth pub/sub --quic} and the integration tests.
 */
public final class QuicClient implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel udp;
  private final QuicChannel quic;

  private QuicClient(EventLoopGroup group, Channel udp, QuicChannel quic) {
    this.group = group;
    this.udp = udp;
    this.quic = quic;
  }

  /**
   * A client TLS context: trusts {@code cas} (or anything when {@code insecure}, for tests), presents {@code chain}
   * with {@code key} when not null (mutual TLS), offers {@code alpn} (normally "mqtt").
   */
  public static QuicSslContext context(X509Certificate[] cas, boolean insecure, PrivateKey key, X509Certificate[] chain,
      String... alpn) {
    return context(cas, insecure ? InsecureTrustManagerFactory.INSTANCE : null, key, chain, alpn);
  }

  /**
   * As above, trusting what {@code trust} trusts when not null (anything, a pinned certificate: the name is then not
   * checked), else {@code cas} (null: the system's CAs) with the broker's name checked.
   */
  public static QuicSslContext context(X509Certificate[] cas, TrustManagerFactory trust, PrivateKey key,
      X509Certificate[] chain, String... alpn) {
    QuicSslContextBuilder b = QuicSslContextBuilder.forClient().applicationProtocols(alpn);
    if (trust != null) {
      b.trustManager(trust).endpointIdentificationAlgorithm(null); // the client builder checks names by default
    } else {
      b.endpointIdentificationAlgorithm("HTTPS"); // the broker's name must be in its certificate (RFC 6125)
      if (cas != null) {
        b.trustManager(cas);
      }
    }
    if (key != null) {
      b.keyManager(key, null, chain);
    }
    return b.build();
  }

  public static QuicSslContext context(X509Certificate[] cas, boolean insecure) {
    return context(cas, insecure, null, null, QuicTls.ALPN);
  }

  /** Connects (handshake done, Retry followed) or throws with the cause. */
  public static QuicClient connect(String host, int port, QuicSslContext ssl, long timeoutMillis) throws Exception {
    return connect(host, port, host, ssl, timeoutMillis);
  }

  /** As {@link #connect(String, int, QuicSslContext, long)}, sending {@code serverName} as SNI and checking it. */
  public static QuicClient connect(String host, int port, String serverName, QuicSslContext ssl, long timeoutMillis)
      throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      ChannelHandler codec = new QuicClientCodecBuilder()
          .sslEngineProvider(q -> ssl.newEngine(q.alloc(), serverName, port)) // SNI and the name to verify
          .maxIdleTimeout(5, TimeUnit.MINUTES)
          .initialMaxData(16 << 20)
          .initialMaxStreamDataBidirectionalLocal(1 << 20) // what the broker may send on our streams
          .build();
      Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
          .bind(0).sync().channel();
      QuicChannel quic = QuicChannel.newBootstrap(udp)
          .handler(new ChannelInboundHandlerAdapter())
          .streamHandler(new ChannelInboundHandlerAdapter()) // the broker opens no streams
          .remoteAddress(new InetSocketAddress(host, port))
          .connect().get(timeoutMillis, TimeUnit.MILLISECONDS);
      return new QuicClient(group, udp, quic);
    } catch (Exception e) {
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  public QuicChannel channel() {
    return quic;
  }

  /** Opens a bidirectional stream whose pipeline {@code handler} sets up (the first one: the control stream). */
  public QuicStreamChannel openStream(ChannelHandler handler) throws Exception {
    return quic.createStream(QuicStreamType.BIDIRECTIONAL, handler).sync().getNow();
  }

  /** Closes the connection (CONNECTION_CLOSE, no error) and the event loop. */
  @Override
  public void close() {
    quic.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    udp.close();
    group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
