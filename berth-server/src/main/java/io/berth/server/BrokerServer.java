package io.berth.server;

import io.berth.core.BrokerCore;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.DurabilityConfig;
import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.NettyLoop;
import io.berth.server.listener.GracefulClose;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.ListenerException;
import io.berth.server.listener.ListenerManager;
import io.berth.server.listener.Transport;
import io.berth.store.DurableStore;
import io.berth.store.StoreException;
import io.berth.store.SyncMode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
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
  private final DurableStore store; // null with durability.sync = none
  private final BrokerCore core;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closed;

  /** TLS certificate files are checked this often for changes. */
  private static final Duration CERT_CHECK_INTERVAL = Duration.ofSeconds(5);
  private final ListenerManager listeners;

  private BrokerServer(BrokerConfig config, DurableStore store) {
    this.config = config;
    this.store = store;
    this.core = store == null ? new BrokerCore(System::currentTimeMillis)
        : new BrokerCore(store.retained(), store, System::currentTimeMillis);
    if (store != null) { // parked offline, spread over the loops, before any client can connect
      store.restore().into(core.sessions(), () -> new NettyLoop(workers.next()));
    }
    ListenerContext listenerContext = new ListenerContext(transport, boss, workers, core, connections);
    this.listeners = new ListenerManager(listenerContext, config.shutdownTimeoutMillis(), CERT_CHECK_INTERVAL);
  }

  /**
   * Opens and recovers the data directory, then starts every enabled listener (tcp, ssl, ws, wss); if the store or
   * a listener cannot start (locked directory, bind, certificate files), stops the others and throws with a one-line
   * message.
   */
  public static BrokerServer start(BrokerConfig config) throws IOException {
    BrokerServer server = new BrokerServer(config, openStore(config.durability()));
    try {
      server.listeners.startAll(config.listeners());
    } catch (ListenerException e) {
      server.stopAll();
      throw new IOException(e.getMessage(), e);
    }
    server.logBanner();
    return server;
  }

  /** Recovery runs here, before any listener opens: no client sees a broker that has not recovered yet. */
  private static DurableStore openStore(DurabilityConfig d) throws IOException {
    if (d.sync() == SyncMode.NONE) {
      return null;
    }
    try {
      return DurableStore.open(d.dataDir(), d.sync(), d.syncIntervalMillis(), System::currentTimeMillis);
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  public BrokerCore core() {
    return core;
  }

  /** The listeners, to list and change while the broker runs. */
  public ListenerManager listeners() {
    return listeners;
  }

  /** The address a listener is bound to, by id ("tcp:default"). */
  public InetSocketAddress listenerAddress(String id) {
    try {
      return listeners.address(id);
    } catch (ListenerException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private void logBanner() {
    log.info("Berth {} started ({} event loops, {} transport)", Version.current(),
        workers.executorCount(), transport.name().toLowerCase());
    for (ListenerConfig lc : config.listeners()) {
      String l = describe(lc.id());
      if (l == null) {
        log.info("  listener {}  disabled", lc.id());
      } else {
        log.info("  listener {}  {}, max {} connections", lc.id(), l, lc.maxConnections());
      }
    }
  }

  private String describe(String id) {
    try {
      return listeners.describe(id);
    } catch (ListenerException e) {
      return null;
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
    listeners.close();
    long timeout = config.shutdownTimeoutMillis();
    GracefulClose.closeAll(connections, timeout);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boolean stopped = workers.shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(timeout, TimeUnit.MILLISECONDS);
    if (stopped) { // sessions belong to the loops: only once they have stopped may their buffers be released
      core.close();
    }
    if (store != null) { // writes what is queued, syncs, and unlocks the directory for the next start
      store.close();
    }
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }
}
