package io.berth.server;

import io.berth.core.BrokerCore;
import io.berth.core.router.InMemoryRetainedStore;
import io.berth.core.security.ban.Defences;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ListenerConfig;
import io.berth.server.listener.BanEnforcer;
import io.berth.server.listener.GracefulClose;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.ListenerException;
import io.berth.server.listener.ListenerManager;
import io.berth.server.listener.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
  private final ScheduledExecutorService banThread;
  private final BrokerCore core;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closed;

  /** Expired bans are removed this often (a lookup that meets one removes it too). */
  private static final long BAN_SWEEP_SECONDS = 10;
  /** TLS certificate files are checked this often for changes. */
  private static final Duration CERT_CHECK_INTERVAL = Duration.ofSeconds(5);
  private final ListenerManager listeners;

  private BrokerServer(BrokerConfig config, Defences defences, ScheduledExecutorService banThread) {
    this.config = config;
    this.banThread = banThread;
    this.core = new BrokerCore(new InMemoryRetainedStore(System::currentTimeMillis), System::currentTimeMillis,
        defences);
    defences.banList().addListener(new BanEnforcer(connections, defences.banList(), banThread));
    banThread.scheduleWithFixedDelay(defences.banList()::sweep, BAN_SWEEP_SECONDS, BAN_SWEEP_SECONDS,
        TimeUnit.SECONDS);
    ListenerContext listenerContext = new ListenerContext(transport, boss, workers, core, connections);
    this.listeners = new ListenerManager(listenerContext, config.shutdownTimeoutMillis(), CERT_CHECK_INTERVAL);
  }

  /**
   * Starts every enabled listener (tcp, ssl, ws, wss); if one cannot start (bind, certificate files), stops the
   * others and throws with a one-line message.
   */
  public static BrokerServer start(BrokerConfig config) throws IOException {
    ScheduledExecutorService banThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "berth-bans");
      t.setDaemon(true);
      return t;
    });
    Defences defences;
    try {
      defences = DefencesFactory.create(config, banThread);
    } catch (IOException e) {
      banThread.shutdownNow();
      throw e;
    }
    BrokerServer server = new BrokerServer(config, defences, banThread);
    try {
      server.listeners.startAll(config.listeners());
    } catch (ListenerException e) {
      server.stopAll();
      throw new IOException(e.getMessage(), e);
    }
    server.logBanner();
    return server;
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
    banThread.shutdown(); // the last save of the bans still runs
    long timeout = config.shutdownTimeoutMillis();
    GracefulClose.closeAll(connections, timeout);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boolean stopped = workers.shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(timeout, TimeUnit.MILLISECONDS);
    try {
      banThread.awaitTermination(timeout, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopped) { // sessions belong to the loops: only once they have stopped may their buffers be released
      core.close();
    }
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }
}
