package io.berth.server.quic;

import io.berth.server.config.ListenerConfig;
import io.berth.server.config.QuicOptions;
import io.berth.server.listener.ConnectionGate;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.Transport;
import io.berth.server.tls.QuicTls;
import io.berth.server.tls.TlsProblem;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A quic listener: MQTT over QUIC v1 (RFC 9000) with TLS 1.3 (RFC 9001) and ALPN "mqtt", as EMQX serves it. One UDP
 * socket on one of the broker's event loops; every connection and its streams live on that loop.
 */
public final class QuicServer {
  private final ListenerConfig config;
  private final QuicSslContext ssl;
  private final Channel udp;
  private final ConnectionGate gate;

  private QuicServer(ListenerConfig config, QuicSslContext ssl, Channel udp, ConnectionGate gate) {
    this.config = config;
    this.ssl = ssl;
    this.udp = udp;
    this.gate = gate;
  }

  /** Reads the certificates and binds; the exception's message names the listener and the key or address. */
  public static QuicServer start(ListenerConfig config, ConnectionGate gate, ListenerContext context)
      throws IOException {
    if (!Quic.isAvailable()) {
      throw new IOException("listener " + config.id() + ": QUIC is not available on this machine (netty-codec-"
          + "native-quic ships for Linux x86-64 only): " + Quic.unavailabilityCause());
    }
    QuicSslContext ssl;
    try {
      ssl = QuicTls.serverContext(config.tls());
    } catch (TlsProblem p) {
      throw new IOException("listener " + config.id() + ": ssl_options." + p.key() + ": " + p.getMessage(), p);
    }
    QuicOptions q = config.quic();
    ChannelHandler codec = new QuicServerCodecBuilder()
        .sslContext(ssl)
        .maxIdleTimeout(q.idleTimeoutMillis(), TimeUnit.MILLISECONDS) // RFC 9000 §10.1
        .initialMaxData(q.connFlowControlWindow()) // RFC 9000 §4.1 flow control
        .initialMaxStreamDataBidirectionalRemote(q.streamRecvWindow())
        .initialMaxStreamDataBidirectionalLocal(q.streamRecvWindow())
        .initialMaxStreamsBidirectional(q.peerBidiStreamCount()) // RFC 9000 §4.6
        .initialMaxStreamsUnidirectional(0)
        .tokenHandler(new HmacTokenHandler(q.addressValidation())) // RFC 9000 §8.1.2 Retry
        .handler(new ChannelInitializer<QuicChannel>() {
          @Override
          protected void initChannel(QuicChannel ch) {
            ch.pipeline().addLast("gate", gate).addLast("quic", new QuicConnectionHandler(config));
          }
        })
        .streamHandler(new QuicStreamInitializer(config, context))
        .build();
    Bootstrap b = new Bootstrap()
        .group(context.workers())
        .channel(context.transport() == Transport.EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .handler(codec);
    try {
      return new QuicServer(config, ssl, b.bind(config.bindAddress()).sync().channel(), gate);
    } catch (Exception e) {
      ReferenceCountUtil.release(ssl);
      String why = e instanceof BindException ? "address already in use or not available" : e.getMessage();
      throw new IOException("listener " + config.id() + ": cannot bind UDP " + config.host() + ":" + config.port()
          + ": " + why, e);
    }
  }

  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) udp.localAddress();
  }

  /** One banner line. */
  public String describe() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    String mutual = config.tls().requiresClientCert() ? ", client certificate required"
        : config.tls().verifyPeer() ? ", client certificate verified if sent" : "";
    return "mqtt-quic://" + host + ":" + boundAddress().getPort() + "  MQTT over QUIC (UDP, TLS 1.3, ALPN "
        + QuicTls.ALPN + (config.quic().addressValidation() ? ", Retry" : "") + mutual + ")";
  }

  /**
   * Stops the listener. Unlike TCP, its connections cannot outlive it (they all use its UDP socket): each is closed
   * with a CONNECTION_CLOSE (no error) first, so that clients know at once instead of after their idle timeout.
   */
  public void stop() {
    gate.channels().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    udp.close().syncUninterruptibly();
    ReferenceCountUtil.release(ssl);
  }
}
