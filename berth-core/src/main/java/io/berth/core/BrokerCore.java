package io.berth.core;

import io.berth.core.persist.MemoryOnly;
import io.berth.core.persist.Persistence;
import io.berth.core.router.InMemoryRetainedStore;
import io.berth.core.router.RetainedStore;
import io.berth.core.router.Router;
import io.berth.core.security.AuthWorkers;
import io.berth.core.security.ban.Defences;
import io.berth.core.session.InMemorySessionStore;
import io.berth.core.session.Session;
import io.berth.core.session.SessionRegistry;
import java.util.function.LongSupplier;

/**
 * What every connection of a broker shares: the router, the retained store, the sessions and the clock. One
 * instance per broker; thread-safe.
 */
public final class BrokerCore {
  private final Router router = new Router();
  private final RetainedStore retained;
  private final Persistence persistence;
  private final SessionRegistry sessions;
  private final LongSupplier clockMillis;
  private final BrokerCounters counters = new BrokerCounters();
  private final Overload overload = new Overload();
  private final AuthWorkers authWorkers;
  private final Defences defences;

  public BrokerCore(LongSupplier clockMillis) {
    this(new InMemoryRetainedStore(clockMillis), clockMillis);
  }

  public BrokerCore(RetainedStore retained, LongSupplier clockMillis) {
    this(retained, new MemoryOnly(), clockMillis,
        AuthWorkers.pool(Math.max(2, Runtime.getRuntime().availableProcessors()), 10_000),
        Defences.inMemory(clockMillis));
  }

  /**
   * @param persistence where durable writes go; {@code retained} writes through to it when it is durable
   * @param authWorkers where authentication that may block runs
   * @param defences bans, flapping detection and brute-force bans, checked at CONNECT
   */
  public BrokerCore(RetainedStore retained, Persistence persistence, LongSupplier clockMillis,
      AuthWorkers authWorkers, Defences defences) {
    this.authWorkers = authWorkers;
    this.defences = defences;
    this.retained = retained;
    this.persistence = persistence;
    this.clockMillis = clockMillis;
    this.sessions = new SessionRegistry(
        new InMemorySessionStore(), router, this::publishAndRelease, persistence.sessions(), counters);
  }

  public Router router() {
    return router;
  }

  public RetainedStore retained() {
    return retained;
  }

  public Persistence persistence() {
    return persistence;
  }

  /**
   * Whether {@link #publish} of this message queued a durable write, so that its acknowledgement waits for it: a
   * retained message (stored or cleared), or one that a persistent session holds on disk.
   */
  public boolean wroteToDisk(Message message) {
    return persistence.isDurable() && (message.retainFlag() || persistence.sessions().holds(message));
  }

  /**
   * Publishes an incoming QoS 2 message and marks its packet id as awaiting PUBREL in {@code publisher}'s session,
   * in one atomic write when the session is persistent (exactly once across a crash [MQTT-4.3.3-9]). Returns how many
   * sessions it went to.
   */
  public int publishQos2(Session publisher, int packetId, Message message) {
    int[] receivers = new int[1];
    Runnable work = () -> {
      publisher.awaitingRel().add(packetId);
      publisher.journalAwaitingRel(packetId, true);
      receivers[0] = publish(message);
    };
    if (publisher.isPersistent() && persistence.isDurable()) {
      persistence.sessions().atomically(work);
    } else {
      work.run();
    }
    return receivers[0];
  }

  /** Whether acknowledging this QoS 2 message waits for the disk: as {@link #wroteToDisk}, or a persistent publisher. */
  public boolean wroteToDisk(Session publisher, Message message) {
    return wroteToDisk(message) || (publisher.isPersistent() && persistence.isDurable());
  }

  public SessionRegistry sessions() {
    return sessions;
  }

  /** Whether the broker is short of memory (set by the server's memory watch). */
  public Overload overload() {
    return overload;
  }

  public BrokerCounters counters() {
    return counters;
  }

  /** Threads for authentication work that may block. */
  public AuthWorkers authWorkers() {
    return authWorkers;
  }

  /** Bans, flapping detection and brute-force bans: checked and fed by the CONNECT flow. */
  public Defences defences() {
    return defences;
  }

  public long nowMillis() {
    return clockMillis.getAsLong();
  }

  /**
   * Publishes an application message: updates the retained store when RETAIN is set (an empty payload clears it
   * [MQTT-3.3.1-6] [MQTT-3.3.1-10]) and routes it to subscribers. The caller keeps its reference. Returns how many
   * sessions it went to.
   */
  public int publish(Message message) {
    if (message.retainFlag()) {
      if (message.payload().isReadable()) {
        retained.put(message);
      } else {
        retained.remove(message.topic());
      }
    }
    int receivers = router.route(message);
    if (receivers == 0 && !message.topic().startsWith("$SYS/")) { // the broker's own figures are not traffic
      counters.droppedNoSubscribers();
    }
    return receivers;
  }

  /**
   * Releases the messages held by sessions and the retained store. Call once every connection is closed and the
   * event loops have stopped: nothing may touch a session afterwards.
   */
  public void close() {
    authWorkers.close();
    sessions.releaseAll();
    retained.close();
  }

  private void publishAndRelease(Message message) {
    try {
      publish(message);
    } finally {
      message.release();
    }
  }
}
