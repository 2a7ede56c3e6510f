package io.berth.server.cli;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingResp;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.berth.server.quic.QuicClient;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.UnixDomainSocketAddress;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Promise;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Netty plumbing of {@code berth pub} and {@code berth sub}: one connection on one NIO event loop. Packets the
 * broker sends land in a queue that the command's thread reads with {@link #next}, so each command reads as a plain
 * sequence of steps. PINGREQ is sent when the connection has been quiet for the keep-alive.
 */
final class MqttCliClient implements AutoCloseable {
  /** How long to wait for the connection, the CONNACK and each acknowledgement. */
  static final long TIMEOUT_MILLIS = 10_000;
  /** No limit on what the broker may send us beyond what the protocol allows. */
  private static final int MAX_PACKET_SIZE = 268_435_455 + 5;
  /** Queued when the connection closes: what the broker did last. */
  private static final Object CLOSED = new Object();

  private final EventLoopGroup group; // null over QUIC: the QuicClient has its own
  private final Channel channel;
  private final MqttVersion version;
  private final BlockingQueue<Object> inbox;
  private final QuicClient quic;

  private MqttCliClient(EventLoopGroup group, Channel channel, MqttVersion version, BlockingQueue<Object> inbox,
      QuicClient quic) {
    this.group = group;
    this.channel = channel;
    this.version = version;
    this.inbox = inbox;
    this.quic = quic;
  }

  /** Connects, sends the CONNECT and waits for a successful CONNACK. */
  static MqttCliClient connect(String host, int port, Connect connect) throws CliError, InterruptedException {
    return connect(ClientTransport.plain(host, port), connect);
  }

  /**
   * Connects over {@code transport} (TCP, TLS, WebSocket, QUIC, Unix socket), sends the CONNECT and waits for a
   * successful CONNACK.
   */
  static MqttCliClient connect(ClientTransport transport, Connect connect) throws CliError, InterruptedException {
    BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    if (transport.quic != null) {
      return connectQuic(transport, connect, pipeline(transport, connect,
          io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE.newPromise(), inbox), inbox);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Promise<Void> ready = group.next().newPromise();
    String address = transport.address();
    Bootstrap bootstrap = new Bootstrap().group(group)
        .channel(transport.unix != null ? NioDomainSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT_MILLIS)
        .handler(pipeline(transport, connect, ready, inbox));
    if (transport.unix == null) {
      bootstrap.option(ChannelOption.TCP_NODELAY, true);
    }
    ChannelFuture f = (transport.unix != null
        ? bootstrap.connect(UnixDomainSocketAddress.of(transport.unix))
        : bootstrap.connect(transport.host, transport.port)).await();
    if (!f.isSuccess()) {
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
      throw CliError.failure("cannot connect to " + address + ": " + why(f.cause()));
    }
    if (!ready.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || !ready.isSuccess()) {
      f.channel().close();
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(TIMEOUT_MILLIS);
      throw CliError.failure("cannot connect to " + address + ": " + (ready.cause() == null ? "handshake timed out"
          : why(ready.cause())));
    }
    return handshake(new MqttCliClient(group, f.channel(), connect.version(), inbox, null), connect);
  }

  /** The client's pipeline: the transport's head (TLS, WebSocket), keep-alive pings, decoder, inbox. */
  private static ChannelInitializer<Channel> pipeline(ClientTransport transport, Connect connect, Promise<Void> ready,
      BlockingQueue<Object> inbox) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        transport.addHead(ch, connect.version(), ready);
        if (connect.keepAlive() > 0) {
          ch.pipeline().addLast(new IdleStateHandler(0, connect.keepAlive(), 0, TimeUnit.SECONDS));
        }
        ch.pipeline().addLast(new ClientFrames(connect.version(), MAX_PACKET_SIZE),
            new ClientInbox(inbox, CLOSED, connect.version()));
      }
    };
  }

  /** MQTT over QUIC: the connection, then one bidirectional stream (the control stream) carrying MQTT. */
  private static MqttCliClient connectQuic(ClientTransport transport, Connect connect,
      ChannelInitializer<Channel> pipeline, BlockingQueue<Object> inbox) throws CliError, InterruptedException {
    QuicClient quic;
    try {
      quic = QuicClient.connect(transport.host, transport.port, transport.quic, TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Throwable c = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw CliError.failure("cannot connect to " + transport.address() + ": "
          + (c instanceof java.util.concurrent.TimeoutException ? "timed out" : why(c)));
    }
    try {
      Channel stream = quic.openStream(pipeline);
      return handshake(new MqttCliClient(null, stream, connect.version(), inbox, quic), connect);
    } catch (CliError | InterruptedException e) {
      throw e;
    } catch (Exception e) {
      quic.close();
      throw CliError.failure("cannot open a QUIC stream to " + transport.address() + ": " + why(e));
    }
  }

  private static MqttCliClient handshake(MqttCliClient client, Connect connect)
      throws CliError, InterruptedException {
    try {
      client.send(connect);
      MqttPacket reply = client.next(TIMEOUT_MILLIS);
      if (!(reply instanceof Connack ack)) {
        throw CliError.failure(reply == null ? "timed out after " + TIMEOUT_MILLIS / 1000 + " s waiting for CONNACK"
            : "expected CONNACK from the broker, got " + reply);
      }
      if (ack.reasonCode() != 0) {
        throw CliError.failure("connection refused by broker: " + (connect.version().isV5()
            ? ReasonCode.describe(ack.reasonCode())
            : ReasonCode.describeV3Connack(ack.reasonCode())));
      }
      return client;
    } catch (CliError | InterruptedException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  void send(MqttPacket packet) {
    channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), packet, version));
  }

  /**
   * The next packet from the broker other than PINGRESP, or null after {@code timeoutMillis}. A closed connection,
   * a broker's DISCONNECT and a malformed packet end the command with a CliError.
   */
  MqttPacket next(long timeoutMillis) throws CliError, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      Object o = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (o == null) {
        return null;
      }
      if (o == CLOSED) {
        throw CliError.failure("connection closed by the broker");
      }
      if (o instanceof Throwable t) {
        throw CliError.failure("connection failed: " + why(t));
      }
      if (o instanceof Disconnect d) {
        throw CliError.failure("disconnected by broker: " + ReasonCode.describe(d.reasonCode()));
      }
      if (!(o instanceof PingResp)) {
        return (MqttPacket) o;
      }
    }
  }

  /** A normal DISCONNECT, written out before the socket closes. */
  void disconnect() {
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

  /** "connection refused", "unknown host", "timed out": the cause in a few lowercase words. */
  static String why(Throwable t) {
    Throwable cause = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      return "timed out";
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host";
    }
    if (cause instanceof java.nio.channels.ClosedChannelException) {
      return "connection closed by the broker during the handshake";
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      Throwable root = cause;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "TLS handshake failed: " + (root == cause ? cause.getMessage() : root.getMessage());
    }
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof ConnectException) {
      // Netty adds ": /127.0.0.1:1883" to the JDK's "Connection refused".
      int colon = message.indexOf(':');
      return (colon > 0 ? message.substring(0, colon) : message).toLowerCase(Locale.ROOT);
    }
    return message;
  }
}
