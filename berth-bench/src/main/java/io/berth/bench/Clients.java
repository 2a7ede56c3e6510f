package io.berth.bench;

import io.berth.codec.MqttVersion;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's connections: a small event loop group (epoll on Linux) and a factory of {@link BenchClient}s to
 * one broker.
 */
public final class Clients implements AutoCloseable {
  static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /** No keep-alive traffic during a run: runs are far shorter than this. */
  static final int KEEP_ALIVE_SECONDS = 900;
  /** Bytes a slow reader takes per read. */
  static final int SLOW_READ_BYTES = 4096;

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final MqttVersion version;
  private final String prefix;

  private final List<InetSocketAddress> sources;
  private final boolean epoll = Epoll.isAvailable();
  private final AtomicInteger nextSource = new AtomicInteger();

  /** {@code threads} event loops to {@code cfg}'s broker, busy polling and source addresses as it says. */
  Clients(BenchConfig cfg, int threads, String prefix) {
    InetSocketAddress address = resolve(cfg.host(), cfg.port());
    long busyPollNanos = cfg.busyPollNanos();
    this.group = new MultiThreadIoEventLoopGroup(threads,
        SpinningIoHandler.factory(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(), busyPollNanos));
    this.bootstrap = new Bootstrap().group(group).remoteAddress(address)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.TCP_NODELAY, true);
    this.version = cfg.version();
    this.prefix = prefix;
    this.sources = cfg.sources().stream().map(a -> new InetSocketAddress(a, 0)).toList();
  }

  /** Starts a connection; the client's {@link BenchClient#connected()} completes on CONNACK. */
  public BenchClient open(String role, int index, boolean slowReader) {
    return open(role, index, slowReader, SubscriberSession.CLEAN);
  }

  /** As {@link #open(String, int, boolean)}, connecting with {@code session}'s Clean Session and expiry. */
  public BenchClient open(String role, int index, boolean slowReader, SubscriberSession session) {
    BenchClient client = new BenchClient(prefix + role + index, version, KEEP_ALIVE_SECONDS, session);
    Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(client);
      }
    });
    if (!sources.isEmpty()) {
      // Round robin over the source addresses; the kernel picks the port at connect time, so one port may serve
      // one connection per source address instead of one in all (IP_BIND_ADDRESS_NO_PORT).
      b.localAddress(sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size())));
      if (epoll) {
        b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
      }
    }
    if (slowReader) { // a subscriber that reads SLOW_READ_BYTES only when told to, through a small socket buffer
      b.option(ChannelOption.AUTO_READ, false).option(ChannelOption.SO_RCVBUF, 8 * 1024)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SLOW_READ_BYTES))
          .option(ChannelOption.MAX_MESSAGES_PER_READ, 1);
    }
    ChannelFuture f = b.connect();
    f.addListener(done -> {
      if (!done.isSuccess()) {
        client.connected().completeExceptionally(
            new BenchException("cannot connect to " + bootstrap.config().remoteAddress() + ": " + done.cause().getMessage()));
      } else {
        if (slowReader) {
          f.channel().read(); // the CONNACK
        }
        f.channel().eventLoop().schedule(() -> client.connected().completeExceptionally(
            new BenchException("no CONNACK within " + CONNECT_TIMEOUT_MILLIS / 1000 + " s")),
            CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      }
    });
    return client;
  }

  /** Opens a connection and waits for its CONNACK. */
  public BenchClient openAndWait(String role, int index) {
    return openAndWait(role, index, SubscriberSession.CLEAN);
  }

  public BenchClient openAndWait(String role, int index, SubscriberSession session) {
    return await(open(role, index, false, session).connected(), "CONNACK");
  }

  static <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof BenchException b ? b : new BenchException(what + ": " + e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new BenchException("timed out after " + CONNECT_TIMEOUT_MILLIS / 1000 + " s waiting for " + what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted waiting for " + what);
    }
  }

  public EventLoopGroup group() {
    return group;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(10_000);
  }

  /** The broker's address: any host, so the bench can load brokers on other machines too. */
  static InetSocketAddress resolve(String host, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new BenchException("unknown host " + host);
    }
  }
}
