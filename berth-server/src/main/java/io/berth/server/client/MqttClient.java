package io.berth.server.client;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingResp;
import io.berth.server.client.ClientException.Kind;
import io.berth.server.quic.QuicClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * Berth's MQTT client, for {@code berth pub}/{@code berth sub} and the management API's Tester and listener
 * self-test: one connection on its own NIO event loop (over TCP, TLS, WebSocket, QUIC or a Unix socket). Packets the
 * broker sends land in a queue that the caller's thread reads with {@link #next}, so a command reads as a plain
 * sequence of steps. PINGREQ is sent when the connection has been quiet for the keep-alive. {@link #send} may be
 * called from any thread.
 */
public final class MqttClient implements AutoCloseable {
  /** How long to wait for the connection up to its CONNACK (all steps together), and for each acknowledgement. */
  public static final long TIMEOUT_MILLIS = 10_000;
  /** No limit on what the broker may send us beyond what the protocol allows. */
  private static final int MAX_PACKET_SIZE = 268_435_455 + 5;
  /** Queued when the connection closes: what the broker did last. */
  private static final Object CLOSED = new Object();

  private final EventLoopGroup group; // null over QUIC: the QuicClient has its own
  private final Channel channel;
  private final MqttVersion version;
  private final BlockingQueue<Object> inbox;
  private final QuicClient quic;
  private Connack connack;

  private MqttClient(EventLoopGroup group, Channel channel, MqttVersion version, BlockingQueue<Object> inbox,
      QuicClient quic) {
    this.group = group;
    this.channel = channel;
    this.version = version;
    this.inbox = inbox;
    this.quic = quic;
  }

  /** Connects, sends the CONNECT and waits for a successful CONNACK. */
  public static MqttClient connect(String host, int port, Connect connect)
      throws ClientException, InterruptedException {
    return connect(ClientTransport.plain(host, port), connect);
  }

  /**
   * Connects over {@code transport} (TCP, TLS, WebSocket, QUIC, Unix socket), sends the CONNECT and waits for a
   * successful CONNACK.
   */
  public static MqttClient connect(ClientTransport transport, Connect connect)
      throws ClientException, InterruptedException {
    return connect(transport, connect, new HandshakeTimes());
  }

  /** As {@link #connect(ClientTransport, Connect)}, noting in {@code times} when each step completed. */
  public static MqttClient connect(ClientTransport transport, Connect connect, HandshakeTimes times)
      throws ClientException, InterruptedException {
    BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    if (transport.quic != null) {
      return connectQuic(transport, connect, pipeline(transport, connect,
          ImmediateEventExecutor.INSTANCE.newPromise(), inbox, times), inbox, times);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Promise<Void> ready = group.next().newPromise();
    String address = transport.address();
    Bootstrap bootstrap = new Bootstrap().group(group)
        .channel(transport.unix != null ? NioDomainSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT_MILLIS)
        .handler(pipeline(transport, connect, ready, inbox, times));
    if (transport.unix == null) {
      bootstrap.option(ChannelOption.TCP_NODELAY, true);
    }
    ChannelFuture f = (transport.unix != null
        ? bootstrap.connect(UnixDomainSocketAddress.of(transport.unix))
        : bootstrap.connect(transport.host, transport.port)).await();
    if (!f.isSuccess()) {
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
      throw Failures.connecting(address, f.cause());
    }
    if (!ready.await(remaining(times), TimeUnit.MILLISECONDS) || !ready.isSuccess()) {
      f.channel().close();
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(TIMEOUT_MILLIS);
      throw ready.cause() == null ? new ClientException(Kind.TIMEOUT, "cannot connect to " + address
          + ": handshake timed out", "timed out") : Failures.connecting(address, ready.cause());
    }
    return handshake(new MqttClient(group, f.channel(), connect.version(), inbox, null), connect, times);
  }

  /** The client's pipeline: the transport's head (TLS, WebSocket), keep-alive pings, decoder, inbox. */
  private static ChannelInitializer<Channel> pipeline(ClientTransport transport, Connect connect, Promise<Void> ready,
      BlockingQueue<Object> inbox, HandshakeTimes times) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        transport.addHead(ch, connect.version(), ready, times);
        if (connect.keepAlive() > 0) {
          ch.pipeline().addLast(new IdleStateHandler(0, connect.keepAlive(), 0, TimeUnit.SECONDS));
        }
        ch.pipeline().addLast(new ClientFrames(connect.version(), MAX_PACKET_SIZE),
            new ClientInbox(inbox, CLOSED, connect.version()));
      }
    };
  }

  /** MQTT over QUIC: the connection, then one bidirectional stream (the control stream) carrying MQTT. */
  private static MqttClient connectQuic(ClientTransport transport, Connect connect,
      ChannelInitializer<Channel> pipeline, BlockingQueue<Object> inbox, HandshakeTimes times)
      throws ClientException, InterruptedException {
    QuicClient quic;
    try {
      quic = QuicClient.connect(transport.host, transport.port, transport.serverName, transport.quic,
          TIMEOUT_MILLIS);
      times.connected();
      times.tls(); // TLS 1.3 is part of the QUIC handshake
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw Failures.connecting(transport.address(), e);
    }
    try {
      Channel stream = quic.openStream(pipeline);
      return handshake(new MqttClient(null, stream, connect.version(), inbox, quic), connect, times);
    } catch (ClientException | InterruptedException e) {
      throw e;
    } catch (Exception e) {
      quic.close();
      String detail = Failures.why(e);
      throw new ClientException(Kind.OTHER, "cannot open a QUIC stream to " + transport.address() + ": " + detail,
          detail);
    }
  }

  private static MqttClient handshake(MqttClient client, Connect connect, HandshakeTimes times)
      throws ClientException, InterruptedException {
    try {
      client.send(connect);
      MqttPacket reply = client.next(remaining(times));
      if (reply == null) {
        String detail = "timed out after " + TIMEOUT_MILLIS / 1000 + " s waiting for CONNACK";
        throw new ClientException(Kind.TIMEOUT, detail, detail);
      }
      times.connack();
      if (!(reply instanceof Connack ack)) {
        String detail = "expected CONNACK from the broker, got " + reply;
        throw new ClientException(Kind.OTHER, detail, detail);
      }
      if (ack.reasonCode() != 0) {
        String detail = connect.version().isV5() ? ReasonCode.describe(ack.reasonCode())
            : ReasonCode.describeV3Connack(ack.reasonCode());
        throw new ClientException(Kind.CONNACK, "connection refused by broker: " + detail, detail, ack.reasonCode());
      }
      client.connack = ack;
      return client;
    } catch (ClientException | InterruptedException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** What is left of the connection's {@link #TIMEOUT_MILLIS} (at least 1 ms, so that a last look is taken). */
  private static long remaining(HandshakeTimes times) {
    return Math.max(1, TIMEOUT_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - times.start()));
  }

  /** The successful CONNACK (session present, MQTT 5 properties). */
  public Connack connack() {
    return connack;
  }

  public MqttVersion version() {
    return version;
  }

  /** The TLS session of an ssl, wss or QUIC connection (protocol, cipher, the server's certificates), else null. */
  public SSLSession tlsSession() {
    if (quic != null) {
      return quic.channel().sslEngine() == null ? null : quic.channel().sslEngine().getSession();
    }
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    return tls == null ? null : tls.engine().getSession();
  }

  public boolean isActive() {
    return channel.isActive();
  }

  public void send(MqttPacket packet) {
    channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), packet, version));
  }

  /**
   * The next packet from the broker other than PINGRESP, or null after {@code timeoutMillis}. A closed connection,
   * a broker's DISCONNECT and a malformed packet end it with a ClientException (CLOSED, DISCONNECTED, OTHER).
   */
  public MqttPacket next(long timeoutMillis) throws ClientException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      Object o = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (o == null) {
        return null;
      }
      if (o == CLOSED) {
        inbox.add(CLOSED); // every later call says so too
        throw new ClientException(Kind.CLOSED, "connection closed by the broker", "the broker closed the connection");
      }
      if (o instanceof Throwable t) {
        String detail = Failures.why(t);
        throw new ClientException(Kind.OTHER, "connection failed: " + detail, detail);
      }
      if (o instanceof Disconnect d) {
        String detail = ReasonCode.describe(d.reasonCode());
        throw new ClientException(Kind.DISCONNECTED, "disconnected by broker: " + detail, detail, d.reasonCode());
      }
      if (!(o instanceof PingResp)) {
        return (MqttPacket) o;
      }
    }
  }

  /** A normal DISCONNECT, written out before the socket closes. */
  public void disconnect() {
    if (channel.isActive()) {
      channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), Disconnect.NORMAL, version)).awaitUninterruptibly(
          TIMEOUT_MILLIS);
    }
    channel.close().awaitUninterruptibly(TIMEOUT_MILLIS);
  }

  @Override
  public void close() {
    channel.close();
    if (quic != null) {
      quic.close();
    } else {
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(TIMEOUT_MILLIS);
    }
  }
}
