package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.listener.ListenerException.Kind;
import io.berth.server.tls.TlsHead;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's listeners by id ("tcp:default"), changed while the broker runs: add, update, start, stop, restart,
 * remove. Each operation touches one listener only; a failure (port in use, bad certificate) leaves the running state
 * as it was and is reported as a {@link ListenerException}. Stopping a listener closes its connections gracefully
 * (MQTT 5 clients get DISCONNECT 0x8B, as at shutdown). TLS listeners' certificate files are checked every few
 * seconds and reloaded when they change ({@link #reloadCertificates()}).
 *
 * <p>Thread-safe: operations are serialized on this object, except the wait for a stopped listener's connections
 * to close, which happens outside the lock.
 */
public final class ListenerManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ListenerManager.class);

  private final ListenerContext context;
  private final long drainMillis;
  private final Map<String, ListenerEntry> entries = new LinkedHashMap<>();
  private final ScheduledExecutorService certWatch;
  /** Where each listener was last bound: a stopped listener's port is still its own (the API's Tester). */
  private final Map<String, InetSocketAddress> lastBound = new HashMap<>();

  /** The outcome of a certificate check of every running TLS listener: one line each, and whether any failed. */
  public record CertReport(List<String> lines, boolean failed) {}

  /**
   * @param drainMillis how long a stop waits for the listener's clients to close before cutting them
   * @param certCheckInterval how often TLS files are checked for changes (zero: only on {@link #reloadCertificates})
   */
  public ListenerManager(ListenerContext context, long drainMillis, Duration certCheckInterval) {
    this.context = context;
    this.drainMillis = drainMillis;
    this.certWatch = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "berth-cert-watch");
      t.setDaemon(true);
      return t;
    });
    long every = certCheckInterval.toMillis();
    if (every > 0) {
      certWatch.scheduleWithFixedDelay(this::watchCertificates, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Start-up: every listener defined, the enabled ones started; if one cannot start, none stays open. */
  public synchronized void startAll(List<ListenerConfig> configs) throws ListenerException {
    try {
      for (ListenerConfig c : configs) {
        ListenerEntry e = new ListenerEntry(c, new ConnectionGate(c, context.core().defences().banList()));
        entries.put(c.id(), e);
        if (c.enabled()) {
          e.running = open(c, e.gate);
        }
      }
    } catch (ListenerException failed) {
      entries.values().stream().filter(e -> e.running != null).forEach(e -> e.running.stop());
      entries.clear();
      throw failed;
    }
  }

  public synchronized List<ListenerStatus> list() {
    return entries.values().stream().map(ListenerManager::status).toList();
  }

  /** The configurations of the listeners that are running now (as changed at run time), for the exposure audit. */
  public synchronized List<ListenerConfig> runningConfigs() {
    return entries.values().stream().filter(e -> e.running != null).map(e -> e.config).toList();
  }

  /** The listener's status, or NOT_FOUND. */
  public synchronized ListenerStatus status(String id) throws ListenerException {
    return status(entry(id));
  }

  private static ListenerStatus status(ListenerEntry e) {
    ListenerConfig c = e.config;
    Listener l = e.running;
    return new ListenerStatus(c.id(), c.type(), Listener.bindText(c, l), c.enabled(), l != null,
        e.gate.currentConnections(), c.maxConnections(),
        c.gate().accessRules().rules().stream().map(Object::toString).toList(),
        ListenerStatus.Certificate.of(l == null ? null : l.certificate()));
  }

  /** Every listener and the address clients reach it on: bound while running, the last bound one when stopped. */
  public synchronized List<ListenerEndpoint> endpoints() {
    return entries.values().stream().map(e -> new ListenerEndpoint(e.config, e.running != null
        ? e.running.boundAddress() : lastBound.getOrDefault(e.config.id(), e.config.unix() != null ? null
        : e.config.bindAddress()), e.running != null, e.running == null ? null : e.running.certificate())).toList();
  }

  /** A listener's gate (its refusal counters), running or not. */
  public synchronized ConnectionGate gate(String id) throws ListenerException {
    return entry(id).gate;
  }

  /** The address a running listener is bound to. */
  public synchronized InetSocketAddress address(String id) throws ListenerException {
    Listener l = entry(id).running;
    if (l == null) {
      throw new ListenerException(Kind.FAILED, "listener " + id + " is not running");
    }
    return l.boundAddress();
  }

  /** The banner line of a running listener ("mqtt://0.0.0.0:1883  MQTT over TCP"), null when stopped. */
  public synchronized String describe(String id) throws ListenerException {
    Listener l = entry(id).running;
    return l == null ? null : l.describe();
  }

  /** Defines a new listener and starts it if enabled. */
  public synchronized String add(ListenerConfig c) throws ListenerException {
    if (entries.containsKey(c.id())) {
      throw new ListenerException(Kind.EXISTS, "listener " + c.id() + " exists already");
    }
    ListenerEntry e = new ListenerEntry(c, new ConnectionGate(c, context.core().defences().banList()));
    if (c.enabled()) {
      e.running = open(c, e.gate);
    }
    entries.put(c.id(), e);
    log.info("listener {} added{}", c.id(), e.running == null ? " (disabled)" : ": " + e.running.describe());
    return c.id() + (e.running == null ? " added, not started (enable = false)" : " added, listening on "
        + bound(e.running));
  }

  /**
   * Gives a listener a new configuration. Same bind: new connections get it, the socket stays open. Another bind:
   * the new socket is opened first, then the old one closed. Connections already made stay, with the settings
   * they had (restart the listener to apply it to everyone). {@code enable = false} stops the listener.
   */
  public String update(ListenerConfig next) throws ListenerException {
    ListenerEntry e;
    Listener old;
    int quicClosed = 0;
    synchronized (this) {
      e = entry(next.id());
      old = e.running;
      if (next.equals(e.config)) {
        return next.id() + " unchanged";
      }
      if (old == null || !next.enabled()) {
        if (old == null && next.enabled()) {
          e.running = open(next, e.gate);
        }
        e.config = next;
        if (old == null) {
          log.info("listener {} updated", next.id());
          return next.id() + " updated" + (e.running == null ? " (not running)" : ", listening on "
              + bound(e.running));
        }
        e.running = null;
        quicClosed = old.stop(drainMillis);
      } else if (sameBind(old.config(), next) && next.quic() == null) {
        reconfigure(old, next);
        e.config = next;
        log.info("listener {} updated: {}", next.id(), old.describe());
        return next.id() + " updated, listening on " + bound(old);
      } else if (sameBind(old.config(), next)) { // quic: one UDP socket carries every connection, so a restart
        old.stop(drainMillis);
        e.running = null;
        try {
          e.running = open(next, e.gate);
        } catch (ListenerException failed) {
          e.running = open(old.config(), e.gate);
          throw failed;
        }
        e.config = next;
        log.info("listener {} restarted with its new configuration", next.id());
        return next.id() + " updated (restarted), listening on " + bound(e.running);
      } else {
        Listener replacement = open(next, e.gate); // the new socket first: if it fails, the old one stays
        old.stop(drainMillis);
        e.running = replacement;
        e.config = next;
        log.info("listener {} moved to {}", next.id(), replacement.describe());
        return next.id() + " updated, listening on " + bound(replacement) + " (no longer on " + bound(old) + ")";
      }
    }
    int closed = quicClosed + GracefulClose.closeAll(e.gate.channels(), drainMillis);
    log.info("listener {} disabled, {} connections closed", next.id(), closed);
    return next.id() + " updated: disabled, stopped (" + closed + " connections closed)";
  }

  public synchronized String start(String id) throws ListenerException {
    ListenerEntry e = entry(id);
    if (e.running != null) {
      return id + " is running already, on " + bound(e.running);
    }
    e.running = open(e.config, e.gate);
    log.info("listener {} started: {}", id, e.running.describe());
    return id + " started, listening on " + bound(e.running);
  }

  /** Stops accepting and closes the listener's connections gracefully (MQTT 5: DISCONNECT 0x8B). */
  public String stop(String id) throws ListenerException {
    ConnectionGate gate;
    int quicClosed;
    synchronized (this) {
      ListenerEntry e = entry(id);
      if (e.running == null) {
        return id + " is stopped already";
      }
      quicClosed = e.running.stop(drainMillis);
      e.running = null;
      gate = e.gate;
    }
    int closed = quicClosed + GracefulClose.closeAll(gate.channels(), drainMillis);
    log.info("listener {} stopped, {} connections closed", id, closed);
    return id + " stopped (" + closed + " connections closed)";
  }

  public String restart(String id) throws ListenerException {
    String stopped = stop(id);
    return stopped + "; " + start(id);
  }

  /** Stops the listener (closing its connections) and forgets it. */
  public String remove(String id) throws ListenerException {
    ListenerEntry e;
    int quicClosed = 0;
    synchronized (this) {
      e = entry(id);
      entries.remove(id);
      lastBound.remove(id);
      if (e.running != null) {
        quicClosed = e.running.stop(drainMillis);
      }
    }
    int closed = quicClosed + GracefulClose.closeAll(e.gate.channels(), drainMillis);
    log.info("listener {} removed, {} connections closed", id, closed);
    return id + " removed (" + closed + " connections closed)";
  }

  /**
   * Makes the running listeners those of {@code configs} (a reloaded configuration file): adds the new ids, removes
   * the missing ones, updates the changed ones. A listener that fails keeps its state; the others go on.
   *
   * @return one line per change, failures first marked "failed:"
   */
  public List<String> apply(List<ListenerConfig> configs) {
    Map<String, ListenerConfig> wanted = new LinkedHashMap<>();
    configs.forEach(c -> wanted.put(c.id(), c));
    List<String> gone;
    synchronized (this) {
      gone = entries.keySet().stream().filter(id -> !wanted.containsKey(id)).toList();
    }
    List<String> lines = new ArrayList<>();
    for (String id : gone) {
      lines.add(attempt(() -> remove(id)));
    }
    for (ListenerConfig c : wanted.values()) {
      boolean known;
      synchronized (this) {
        known = entries.containsKey(c.id());
      }
      String line = attempt(() -> known ? update(c) : add(c));
      if (!line.endsWith(" unchanged")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private interface Operation {
    String run() throws ListenerException;
  }

  private static String attempt(Operation op) {
    try {
      return op.run();
    } catch (ListenerException e) {
      return "failed: " + e.getMessage();
    }
  }

  /**
   * Checks every running TLS listener's files now (ssl, wss, quic); new handshakes use good new files, bad ones are
   * refused.
   */
  public synchronized CertReport reloadCertificates() {
    List<String> lines = new ArrayList<>();
    boolean failed = false;
    for (ListenerEntry e : entries.values()) {
      TlsHead.Check check = e.running == null ? null : e.running.reloadCertificates();
      if (check != null) {
        logCheck(e.config.id(), check);
        failed |= check.outcome() == TlsHead.Outcome.REFUSED;
        lines.add(e.config.id() + ": " + check.message());
      }
    }
    return new CertReport(lines, failed);
  }

  private void watchCertificates() {
    try {
      reloadCertificates();
    } catch (RuntimeException e) {
      log.warn("certificate check failed: {}", e.toString()); // and try again at the next tick
    }
  }

  private static void logCheck(String id, TlsHead.Check check) {
    if (check.fresh() && check.outcome() == TlsHead.Outcome.RELOADED) {
      log.info("listener {}: {}", id, check.message());
    } else if (check.fresh() && check.outcome() == TlsHead.Outcome.REFUSED) {
      log.warn("listener {}: {}", id, check.message());
    }
  }

  /**
   * The gates of every listener, running or not: their channels are the broker's connections on stream sockets (a
   * removed listener's were closed with it).
   */
  public synchronized List<ConnectionGate> gates() {
    return entries.values().stream().map(e -> e.gate).toList();
  }

  /** Stops accepting on every listener and the certificate checks; the connections are the broker's to close. */
  @Override
  public void close() {
    certWatch.shutdownNow();
    synchronized (this) {
      for (ListenerEntry e : entries.values()) {
        if (e.running != null) {
          e.running.stop(drainMillis);
          e.running = null;
        }
      }
    }
  }

  private ListenerEntry entry(String id) throws ListenerException {
    ListenerEntry e = entries.get(id);
    if (e == null) {
      throw new ListenerException(Kind.NOT_FOUND, "no listener " + id + (entries.isEmpty() ? ""
          : "; listeners: " + String.join(", ", entries.keySet())));
    }
    return e;
  }

  private Listener open(ListenerConfig c, ConnectionGate gate) throws ListenerException {
    checkSecurity(c);
    Listener l = new Listener(c, gate);
    try {
      l.start(context);
      gate.configure(c);
      lastBound.put(c.id(), l.boundAddress());
      return l;
    } catch (IOException e) {
      throw new ListenerException(Kind.FAILED, e.getMessage());
    }
  }

  /** Builds the listener's authentication now, so that a missing user file fails the start, not each CONNECT. */
  private void checkSecurity(ListenerConfig c) throws ListenerException {
    try {
      context.securities().forListener(c);
    } catch (IllegalArgumentException e) {
      throw new ListenerException(Kind.FAILED, "listener " + c.id() + ": " + e.getMessage());
    }
  }

  private void reconfigure(Listener l, ListenerConfig next) throws ListenerException {
    checkSecurity(next);
    try {
      l.reconfigure(next, context);
    } catch (IOException e) {
      throw new ListenerException(Kind.FAILED, e.getMessage());
    }
  }

  private static boolean sameBind(ListenerConfig a, ListenerConfig b) {
    if (a.unix() != null || b.unix() != null) {
      return a.unix() != null && b.unix() != null && a.unix().path().equals(b.unix().path());
    }
    return a.host().equals(b.host()) && a.port() == b.port();
  }

  private static String bound(Listener l) {
    return Listener.bindText(l.config(), l);
  }
}
