package io.berth.core;

import io.berth.core.router.InMemoryRetainedStore;
import io.berth.core.router.RetainedStore;
import io.berth.core.router.Router;
import io.berth.core.security.AuthWorkers;
import io.berth.core.security.ban.Defences;
import io.berth.core.session.InMemorySessionStore;
import io.berth.core.session.SessionRegistry;
import java.util.function.LongSupplier;

/**
 * What every connection of a broker shares: the router, the retained store, the sessions and the clock. One
 * instance per broker; thread-safe.
 */
public final class BrokerCore {
  private final Router router = new Router();
  private final RetainedStore retained;
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
    this(retained, clockMillis, AuthWorkers.pool(Math.max(2, Runtime.getRuntime().availableProcessors()), 10_000),
        Defences.inMemory(clockMillis));
  }

  /**
   * @param authWorkers where authentication that may block runs
   * @param defences bans, flapping detection and brute-force bans, checked at CONNECT
   */
  public BrokerCore(RetainedStore retained, LongSupplier clockMillis, AuthWorkers authWorkers, Defences defences) {
    this.authWorkers = authWorkers;
    this.retained = retained;
    this.clockMillis = clockMillis;
    this.defences = defences;
    this.sessions = new SessionRegistry(new InMemorySessionStore(), router, this::publishAndRelease);
  }

  public Router router() {
    return router;
  }

  public RetainedStore retained() {
    return retained;
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
    return router.route(message);
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
