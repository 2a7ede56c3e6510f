package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.tls.TlsHead;
import io.berth.server.tls.TlsProblem;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * One named listener: a server socket whose connections get the pipeline of its type. Built from an immutable
 * {@link ListenerConfig}; started and stopped on its own, without touching other listeners.
 */
public final class Listener {
  private final ListenerConfig config;
  private final ConnectionGate gate;
  private TlsHead tls;
  private MqttChannelInitializer initializer;
  private Channel serverChannel;

  public Listener(ListenerConfig config) {
    this.config = config;
    this.gate = new ConnectionGate(config.maxConnections());
  }

  public ListenerConfig config() {
    return config;
  }

  public int currentConnections() {
    return gate.currentConnections();
  }

  /** Reads its certificates (ssl, wss) and binds; the exception's message names the listener, the key or address. */
  public void start(ListenerContext context) throws IOException {
    try {
      initializer = initializer(context);
    } catch (TlsProblem p) {
      throw new IOException("listener " + config.id() + ": ssl_options." + p.key() + " = "
          + fileOf(p.key()) + ": " + p.getMessage(), p);
    }
    ServerBootstrap b = new ServerBootstrap()
        .group(context.boss(), context.workers())
        .channel(context.transport().serverChannelClass())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Per connection, bytes buffered for a slow reader before it counts as unwritable (QoS 0 then dropped)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
        .childHandler(initializer);
    try {
      serverChannel = b.bind(config.bindAddress()).sync().channel();
    } catch (Exception e) {
      closeTls();
      String why = e instanceof BindException ? "address already in use or not available" : e.getMessage();
      throw new IOException("listener " + config.id() + ": cannot bind " + config.host() + ":" + config.port()
          + ": " + why, e);
    }
  }

  private MqttChannelInitializer initializer(ListenerContext context) throws TlsProblem {
    if (ListenerConfig.hasTls(config.type())) {
      tls = TlsHead.create(config.tls());
    }
    return switch (config.type()) {
      case "ssl" -> new TlsChannelInitializer(config, gate, context, tls);
      case "ws" -> new WebSocketChannelInitializer(config, gate, context);
      case "wss" -> new WssChannelInitializer(config, gate, context, tls);
      default -> new TcpChannelInitializer(config, gate, context);
    };
  }

  private String fileOf(String key) {
    Object file = switch (String.valueOf(key)) {
      case "certfile" -> config.tls().certfile();
      case "keyfile" -> config.tls().keyfile();
      case "cacertfile" -> config.tls().cacertfile();
      case "ciphers" -> config.tls().ciphers();
      default -> config.tls().versions();
    };
    return "\"" + file + "\"";
  }

  /** The address actually bound (the port is known here when the configuration asked for port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** One banner line: "mqtts://0.0.0.0:8883  MQTT over TLS 1.3/1.2 (BoringSSL)". */
  public String describe() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return initializer.url(host, boundAddress().getPort()) + "  " + initializer.describe();
  }

  /** Stops accepting; existing connections stay. */
  public void stop() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    closeTls();
  }

  private void closeTls() {
    if (tls != null) {
      tls.close();
      tls = null;
    }
  }
}
