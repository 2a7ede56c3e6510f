package io.berth.server;

import io.berth.core.BrokerCore;
import io.berth.core.persist.MemoryOnly;
import io.berth.core.security.AuthWorkers;
import io.berth.server.audit.AuditReport;
import io.berth.server.audit.Finding;
import io.berth.server.audit.ListenerExposure;
import io.berth.core.router.InMemoryRetainedStore;
import io.berth.core.security.ban.Defences;
import io.berth.core.security.ban.SavedCounters;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.NettyLoop;
import io.berth.server.config.DurabilityConfig;
import io.berth.server.listener.BanEnforcer;
import io.berth.server.listener.GracefulClose;
import io.berth.server.listener.ConnectionGate;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.ListenerException;
import io.berth.server.listener.ListenerManager;
import io.berth.server.metrics.BrokerFigures;
import io.berth.server.metrics.SysTopics;
import io.berth.server.listener.Transport;
import io.berth.server.overload.MemoryWatch;
import io.berth.server.security.AuthProviders;
import io.berth.server.security.AuthorizationSources;
import io.berth.server.security.ListenerSecurities;
import io.berth.server.security.SecurityFileWatch;
import io.berth.server.security.ServerSecret;
import io.berth.store.DurableStore;
import io.berth.store.StoreException;
import io.berth.store.SyncMode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private final SavedCounters counters;
  private final DurableStore store; // null with durability.sync = none
  private final BrokerCore core;
  /**
   * The control streams of QUIC connections; the connections on stream sockets are in their listener's gate
   * ({@link #allConnections}), not in a second group as well.
   */
  private final ChannelGroup quicStreams = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closed;

  /** Expired bans are removed this often (a lookup that meets one removes it too). */
  private static final long BAN_SWEEP_SECONDS = 10;
  /** TLS certificate files are checked this often for changes. */
  private static final Duration CERT_CHECK_INTERVAL = Duration.ofSeconds(5);
  private final ListenerManager listeners;
  private final MemoryWatch memoryWatch;
  private final SecurityFileWatch securityFiles;
  private final BrokerFigures figures;
  private volatile SysTopics sysTopics; // null while not started or with sys_topics.sys_msg_interval = 0
  /** The installation's secret (SCRAM's fake salts) in the data directory, created on first use. */
  private static final String SECRET_FILE = "server.secret";

  private BrokerServer(BrokerConfig config, AuthorizationSources authorization, Defences defences,
      SavedCounters counters, ScheduledExecutorService banThread, DurableStore store) {
    this.config = config;
    this.counters = counters;
    this.banThread = banThread;
    this.store = store;
    AuthWorkers authWorkers = AuthWorkers.pool(Math.max(2, Runtime.getRuntime().availableProcessors()), 10_000);
    this.core = store == null
        ? new BrokerCore(new InMemoryRetainedStore(System::currentTimeMillis), new MemoryOnly(),
            System::currentTimeMillis, authWorkers, defences)
        : new BrokerCore(store.retained(), store, System::currentTimeMillis, authWorkers, defences);
    if (store != null) { // parked offline, spread over the loops, before any client can connect
      store.restore().into(core.sessions(), () -> new NettyLoop(workers.next()));
    }
    defences.banList().addListener(new BanEnforcer(this::allConnections, defences.banList(), banThread));
    banThread.scheduleWithFixedDelay(defences.banList()::sweep, BAN_SWEEP_SECONDS, BAN_SWEEP_SECONDS,
        TimeUnit.SECONDS);
    AuthProviders providers = new AuthProviders(new ServerSecret(
        config.dataDir() == null ? null : config.dataDir().resolve(SECRET_FILE)));
    ListenerSecurities securities = new ListenerSecurities(providers, authorization.chain());
    this.securityFiles = new SecurityFileWatch(providers, authorization);
    ListenerContext listenerContext = new ListenerContext(transport, boss, workers, core, quicStreams, securities);
    this.listeners = new ListenerManager(listenerContext, config.shutdownTimeoutMillis(), CERT_CHECK_INTERVAL);
    this.figures = new BrokerFigures(core, listeners);
    this.memoryWatch = MemoryWatch.of(core.overload(), config.overload().highWatermark(),
        config.overload().lowWatermark());
  }

  /**
   * Loads the ACL files and the bans, opens and recovers the data directory, then starts every enabled listener; if
   * any of them cannot start (a bad ACL file, a locked directory, a bind, certificate files), stops the others and
   * throws with a one-line message.
   */
  public static BrokerServer start(BrokerConfig config) throws IOException {
    AuthorizationSources authorization = AuthorizationSources.load(config.authorization());
    ScheduledExecutorService banThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "berth-bans");
      t.setDaemon(true);
      return t;
    });
    Defences defences;
    SavedCounters counters;
    DurableStore store;
    store = null;
    try {
      store = openStore(config.durability());
      defences = DefencesFactory.create(config, banThread, store);
      counters = DefencesFactory.keepCounters(defences, store, banThread);
    } catch (IOException e) {
      banThread.shutdownNow();
      if (store != null) {
        store.close();
      }
      throw e;
    }
    BrokerServer server = new BrokerServer(config, authorization, defences, counters, banThread, store);
    try {
      server.listeners.startAll(config.listeners());
    } catch (ListenerException e) {
      server.stopAll();
      throw new IOException(e.getMessage(), e);
    }
    if (config.overload().enable()) {
      server.memoryWatch.start(server.boss.next());
    }
    server.securityFiles.start(server.boss.next(), CERT_CHECK_INTERVAL.toMillis());
    server.sysTopics = SysTopics.start(server.core, server.figures, config.nodeName(), server.workers.next(),
        config.sysMsgIntervalMillis());
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

  /** The stats and metrics of the API, the Prometheus meters and $SYS. */
  public BrokerFigures figures() {
    return figures;
  }

  /** The configuration it started with. */
  public BrokerConfig config() {
    return config;
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

  /**
   * Where each listener listens, whether it is encrypted and how its clients authenticate; then, in plain words, what
   * is exposed and how to fix it (the findings of {@code berth audit}).
   */
  private void logBanner() {
    log.info("Berth {} started ({} event loops, {} transport)", Version.current(),
        workers.executorCount(), transport.name().toLowerCase());
    AuditReport report = AuditReport.of(config, java.time.Instant.now());
    for (ListenerConfig lc : config.listeners()) {
      String l = describe(lc.id());
      ListenerExposure exposure = report.listeners().stream().filter(e -> e.listener().id().equals(lc.id()))
          .findFirst().orElse(null);
      if (l == null || exposure == null) {
        log.info("  listener {}  disabled", lc.id());
      } else {
        log.info("  listener {}  {}, max {} connections; {}; reachable from {}; authentication: {}", lc.id(), l,
            lc.maxConnections(), exposure.encryption(), exposure.reach().words(), exposure.authentication());
      }
    }
    for (Finding f : report.findings()) {
      switch (f.severity()) {
        case HIGH, MEDIUM -> log.warn("{}", f);
        default -> log.info("{}", f);
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

  /** Re-reads user and ACL files that changed (SIGHUP does this besides the periodic check). */
  public void reloadSecurityFiles() {
    securityFiles.reloadChanged();
  }

  /**
   * Every MQTT connection of the broker now: those the listeners' gates let in on stream sockets (TCP, TLS,
   * WebSocket, Unix), and the control streams of QUIC connections (whose gate holds the QUIC connections themselves).
   */
  private List<Channel> allConnections() {
    List<Channel> all = new ArrayList<>(quicStreams);
    ListenerManager l = listeners; // null while the broker is being made
    if (l != null) {
      for (ConnectionGate gate : l.gates()) {
        for (Channel ch : gate.channels()) {
          if (!(ch instanceof QuicChannel)) {
            all.add(ch);
          }
        }
      }
    }
    return all;
  }

  private void stopAll() {
    if (sysTopics != null) {
      sysTopics.close();
    }
    memoryWatch.close();
    securityFiles.close();
    listeners.close();
    banThread.execute(() -> DefencesFactory.saveCounters(counters)); // before the store closes
    banThread.shutdown(); // the last saves of the bans and counters still run
    long timeout = config.shutdownTimeoutMillis();
    ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    allConnections().forEach(all::add);
    GracefulClose.closeAll(all, timeout);
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
    if (store != null) { // writes what is queued, syncs, and unlocks the directory for the next start
      store.close();
    }
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }
}
