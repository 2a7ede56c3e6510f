package io.berth.server.quic;

import io.berth.server.config.ListenerConfig;
import io.berth.server.config.QuicOptions;
import io.berth.server.listener.ConnectionGate;
import io.berth.server.listener.GracefulClose;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.RefusalLog;
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
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
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
  private final QuicTls ssl;
  private final Channel udp;
  private final ConnectionGate gate;

  private QuicServer(ListenerConfig config, QuicTls ssl, Channel udp, ConnectionGate gate) {
    this.config = config;
    this.ssl = ssl;
    this.udp = udp;
    this.gate = gate;
  }

  /** Reads the certificates and binds; the exception's message names the listener and the key or address. */
  public static QuicServer start(ListenerConfig config, ConnectionGate gate, ListenerContext context,
      RefusalLog refusals) throws IOException {
    if (!Quic.isAvailable()) {
      throw new IOException("listener " + config.id() + ": QUIC is not available on this machine (netty-codec-"
          + "native-quic ships for Linux x86-64 only): " + Quic.unavailabilityCause());
    }
    QuicTls ssl;
    try {
      ssl = QuicTls.create(config.tls());
    } catch (TlsProblem p) {
      throw new IOException("listener " + config.id() + ": ssl_options." + p.key() + ": " + p.getMessage(), p);
    }
    QuicOptions q = config.quic();
    ChannelHandler codec = new QuicServerCodecBuilder()
        .sslContext(ssl.context())
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
            ch.pipeline().addLast("gate", gate).addLast("quic", new QuicConnectionHandler(config, refusals));
          }
        })
        .streamHandler(new QuicStreamInitializer(config, context, refusals))
        .build();
    Bootstrap b = new Bootstrap()
        .group(context.workers())
        .channel(context.transport() == Transport.EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .handler(codec);
    try {
      return new QuicServer(config, ssl, b.bind(config.bindAddress()).sync().channel(), gate);
    } catch (Exception e) {
      ssl.close();
      String why = e instanceof BindException ? "address already in use or not available" : e.getMessage();
      throw new IOException("listener " + config.id() + ": cannot bind UDP " + config.host() + ":" + config.port()
          + ": " + why, e);
    }
  }

  /** The listener's TLS: its certificate files can be reloaded while it runs (new handshakes use them). */
  public QuicTls tls() {
    return ssl;
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
   * Stops the listener. Unlike TCP, its connections cannot outlive it (they all use its UDP socket), so they are
   * closed here, the way every listener closes its connections ({@link GracefulClose}): an MQTT 5 client is told
   * DISCONNECT 0x8B on its control stream, whose end closes the QUIC connection; what is still open after {@code
   * drainMillis} (and a connection without a control stream yet) gets a CONNECTION_CLOSE (no error), so that clients
   * know at once instead of after their idle timeout.
   *
   * @return how many connections there were
   */
  public int stop(long drainMillis) {
    int count = gate.channels().size();
    ChannelGroup controls = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    for (Channel quic : gate.channels()) {
      QuicStreams streams = quic.attr(QuicConnectionHandler.STREAMS).get();
      QuicStreamChannel control = streams == null ? null : streams.controlStream();
      if (control != null && control.isActive()) {
        controls.add(control);
      } else {
        quic.close();
      }
    }
    GracefulClose.closeAll(controls, drainMillis);
    gate.channels().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    udp.close().syncUninterruptibly();
    ssl.close();
    return count;
  }
}
