package io.berth.server;

import io.berth.core.BrokerCore;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.listener.Listener;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running broker: its event loops, its listeners and the core they share. */
public final class BrokerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);

  private final BrokerConfig config;
  private final Transport transport = Transport.best();
  private final EventLoopGroup boss = transport.newGroup(1);
  // One event loop per core: a connection and its session stay on one loop for their life.
  private final MultiThreadIoEventLoopGroup workers =
      transport.newGroup(Runtime.getRuntime().availableProcessors());
  private final BrokerCore core = new BrokerCore(System::currentTimeMillis);
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Map<String, Listener> listeners = new LinkedHashMap<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closed;

  private final ListenerContext listenerContext;

  private BrokerServer(BrokerConfig config) {
    this.config = config;
    this.listenerContext = new ListenerContext(transport, boss, workers, core, connections);
  }

  /**
   * Starts every enabled listener (tcp, ssl, ws, wss); if one cannot start (bind, certificate files), stops the
   * others and throws with a one-line message.
   */
  public static BrokerServer start(BrokerConfig config) throws IOException {
    BrokerServer server = new BrokerServer(config);
    try {
      for (ListenerConfig lc : config.listeners()) {
        if (lc.enabled()) {
          Listener listener = new Listener(lc);
          listener.start(server.listenerContext);
          server.listeners.put(lc.id(), listener);
        }
      }
    } catch (IOException e) {
      server.stopAll();
      throw e;
    }
    server.logBanner();
    return server;
  }

  public BrokerCore core() {
    return core;
  }

  /** The address a listener is bound to, by id ("tcp:default"). */
  public InetSocketAddress listenerAddress(String id) {
    Listener l = listeners.get(id);
    if (l == null) {
      throw new IllegalArgumentException("no running listener " + id);
    }
    return l.boundAddress();
  }

  private void logBanner() {
    log.info("Berth {} started ({} event loops, {} transport)", Version.current(),
        workers.executorCount(), transport.name().toLowerCase());
    for (ListenerConfig lc : config.listeners()) {
      Listener l = listeners.get(lc.id());
      if (l == null) {
        log.info("  listener {}  disabled", lc.id());
      } else {
        log.info("  listener {}  {}, max {} connections", lc.id(), l.describe(), lc.maxConnections());
      }
    }
  }

  /**
   * Graceful shutdown: stop accepting, tell MQTT 5 clients "server shutting down" (0x8B) and close every
   * connection, then stop the event loops; bounded by shutdown_timeout.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopAll();
      log.info("Berth stopped");
    } finally {
      terminated.countDown(); // whatever happened, the process may end
    }
  }

  private void stopAll() {
    listeners.values().forEach(Listener::stop);
    connections.forEach(ch -> ch.eventLoop().execute(() -> {
      MqttConnection conn = ch.pipeline().get(MqttConnection.class);
      if (conn != null && conn.channel() != null) {
        conn.channel().shutdown();
      } else {
        ch.close();
      }
    }));
    long timeout = config.shutdownTimeoutMillis();
    connections.newCloseFuture().awaitUninterruptibly(timeout, TimeUnit.MILLISECONDS);
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boolean stopped = workers.shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(timeout, TimeUnit.MILLISECONDS);
    if (stopped) { // sessions belong to the loops: only once they have stopped may their buffers be released
      core.close();
    }
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }
}
