package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.quic.QuicServer;
import io.berth.server.tls.TlsHead;
import io.berth.server.tls.TlsProblem;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;

/**
 * One named listener: a server socket whose connections get the pipeline of its type. Built from an immutable
 * {@link ListenerConfig}; started and stopped on its own, without touching other listeners. {@link #reconfigure}
 * gives new connections a new configuration without closing the socket.
 */
public final class Listener {
  private volatile ListenerConfig config;
  private final ConnectionGate gate;
  private final RefusalLog refusals;
  private volatile TlsHead tls;
  private volatile MqttChannelInitializer initializer;
  private Channel serverChannel;
  private UnixSocketFile unixFile; // unix listeners
  private QuicServer quic; // quic listeners: UDP, their own bootstrap

  /** A listener of its own, with bans in memory (tests). */
  public Listener(ListenerConfig config) {
    this(config, new ConnectionGate(config, io.berth.core.security.ban.BanList.inMemory(System::currentTimeMillis)));
  }

  /** A listener that counts its connections in {@code gate} (kept by the {@link ListenerManager} across updates). */
  public Listener(ListenerConfig config, ConnectionGate gate) {
    this.config = config;
    this.gate = gate;
    this.refusals = gate.refusals();
  }

  public ListenerConfig config() {
    return config;
  }

  public ConnectionGate gate() {
    return gate;
  }

  /** The TLS layer of an ssl or wss listener (its certificate can be reloaded), null otherwise or when stopped. */
  public TlsHead tls() {
    return tls;
  }

  /** The certificate new TLS handshakes present (ssl, wss, quic), null for a listener without TLS. */
  public X509Certificate certificate() {
    TlsHead t = tls;
    return t != null ? t.certificate() : quic != null ? quic.tls().certificate() : null;
  }

  /**
   * Checks this listener's certificate files (ssl, wss, quic) and uses them for new handshakes if they changed and
   * are good; null for a listener without TLS.
   */
  public TlsHead.Check reloadCertificates() {
    TlsHead t = tls;
    return t != null ? t.reloadIfChanged() : quic != null ? quic.tls().reloadIfChanged() : null;
  }

  public int currentConnections() {
    return gate.currentConnections();
  }

  /** Reads its certificates (ssl, wss) and binds; the exception's message names the listener, the key or address. */
  public void start(ListenerContext context) throws IOException {
    if (config.quic() != null) {
      quic = QuicServer.start(config, gate, context, refusals);
      return;
    }
    unixFile = config.unix() == null ? null : new UnixSocketFile(config.unix());
    tls = tlsHead(config);
    initializer = initializer(config, context, tls);
    ServerBootstrap b = new ServerBootstrap()
        .group(context.boss(), context.workers())
        .channel(unixFile != null ? UnixSocketFile.serverChannelClass(context.transport())
            : context.transport().serverChannelClass())
        .option(ChannelOption.SO_BACKLOG, 1024)
        // Per connection, bytes buffered for a slow reader before it counts as unwritable (QoS 0 then dropped)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
        // Fairness: one read (at most 64 KB) per connection per loop turn, so a flooding publisher cannot hold the
        // loop for long while other clients on it wait
        .childOption(ChannelOption.RECVBUF_ALLOCATOR, new OneReadPerTurn())
        // the initializer of the moment: reconfigure() swaps it for new connections
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(initializer);
          }
        });
    if (unixFile == null) {
      b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
    }
    try {
      serverChannel = b.bind(unixFile != null ? unixFile.prepare(context.transport()) : config.bindAddress())
          .sync().channel();
      if (unixFile != null) {
        unixFile.applyMode();
      }
    } catch (Exception e) {
      closeTls();
      String why = bindProblem(e);
      if (serverChannel != null) {
        serverChannel.close();
      }
      throw new IOException("listener " + config.id() + ": cannot bind " + (unixFile != null
          ? config.unix().path().toString() : config.host() + ":" + config.port()) + ": " + why, e);
    }
  }

  /**
   * Applies {@code next} (same type and bind) to the connections accepted from now on: limits, TLS options and
   * files, WebSocket options. The socket stays open and connections already made keep what they had. A bad
   * certificate leaves everything as it was.
   */
  public void reconfigure(ListenerConfig next, ListenerContext context) throws IOException {
    TlsHead nextTls = tlsHead(next);
    TlsHead oldTls = tls;
    initializer = initializer(next, context, nextTls);
    tls = nextTls;
    gate.configure(next);
    config = next;
    if (oldTls != null) {
      oldTls.close();
    }
  }

  private static TlsHead tlsHead(ListenerConfig config) throws IOException {
    if (!ListenerConfig.hasTls(config.type())) {
      return null;
    }
    try {
      return TlsHead.create(config.tls());
    } catch (TlsProblem p) {
      throw new IOException("listener " + config.id() + ": ssl_options." + p.key() + " = "
          + fileOf(config, p.key()) + ": " + p.getMessage(), p);
    }
  }

  private MqttChannelInitializer initializer(ListenerConfig config, ListenerContext context, TlsHead tls) {
    return switch (config.type()) {
      case "ssl" -> new TlsChannelInitializer(config, gate, context, refusals, tls);
      case "ws" -> new WebSocketChannelInitializer(config, gate, context, refusals);
      case "wss" -> new WssChannelInitializer(config, gate, context, refusals, tls);
      case "unix" -> new UnixChannelInitializer(config, gate, context, refusals);
      default -> new TcpChannelInitializer(config, gate, context, refusals);
    };
  }

  private static String fileOf(ListenerConfig config, String key) {
    Object file = switch (String.valueOf(key)) {
      case "certfile" -> config.tls().certfile();
      case "keyfile" -> config.tls().keyfile();
      case "cacertfile" -> config.tls().cacertfile();
      case "crlfile" -> config.tls().crlfile();
      case "ciphers" -> config.tls().ciphers();
      default -> config.tls().versions();
    };
    return "\"" + file + "\"";
  }

  /** The address actually bound (the port is known here when the configuration asked for port 0). */
  public InetSocketAddress boundAddress() {
    if (quic != null) {
      return quic.boundAddress();
    }
    return serverChannel.localAddress() instanceof InetSocketAddress a ? a : null; // null: a unix listener
  }

  /** One banner line: "mqtts://0.0.0.0:8883  MQTT over TLS 1.3/1.2 (BoringSSL)". */
  public String describe() {
    if (quic != null || unixFile != null) {
      return quic != null ? quic.describe() : initializer.url("", 0) + "  " + initializer.describe();
    }
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return initializer.url(host, boundAddress().getPort()) + "  " + initializer.describe()
        + (config.proxyProtocol() != null ? " behind a PROXY protocol proxy" : "");
  }

  /** Stops accepting; existing connections stay, but a quic listener's, which are closed gracefully first. */
  public void stop() {
    stop(1_000);
  }

  /**
   * Stops accepting; existing connections stay (the caller closes them, {@link GracefulClose}), except a quic
   * listener's, which share its UDP socket: those are closed gracefully here, waiting up to {@code drainMillis}.
   *
   * @return how many connections were closed here (a quic listener's)
   */
  public int stop(long drainMillis) {
    int closed = 0;
    if (quic != null) {
      closed = quic.stop(drainMillis);
    }
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    if (unixFile != null) {
      unixFile.delete();
    }
    closeTls();
    return closed;
  }

  private void closeTls() {
    if (tls != null) {
      tls.close();
      tls = null;
    }
  }

  /** One line for the operator: NIO throws BindException, epoll a NativeIoException saying EADDRINUSE. */
  private static String bindProblem(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (e instanceof BindException || m.contains("Address already in use")) {
      return "address already in use (another process, or another listener, has this port)";
    }
    if (m.contains("Cannot assign requested address")) {
      return "address not available on this machine";
    }
    if (m.contains("Permission denied")) {
      return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
    }
    return m;
  }

  /** "127.0.0.1:1883" (the real port once bound), or a unix listener's socket file. */
  static String bindText(ListenerConfig c, Listener running) {
    if (c.unix() != null) {
      return c.unix().path().toString();
    }
    InetSocketAddress a = running == null ? null : running.boundAddress();
    int port = a == null ? c.port() : a.getPort();
    return (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + port;
  }
}
