package io.berth.core.session;

import java.util.Collection;

/**
 * Where the registry keeps sessions by client identifier. {@link InMemorySessionStore} is the one in use; the durable
 * store (RocksDB) will implement this too, writing through what it keeps and recovering it at start-up.
 * Implementations are thread-safe: every event loop opens and ends sessions.
 */
public interface SessionStore {

  Session get(String clientId);

  /** Stores {@code fresh} unless a session already exists for its client id; returns that one, or null. */
  Session putIfAbsent(Session fresh);

  /** Removes the session if it is still the one stored for its client id. */
  void remove(Session session);

  Collection<Session> all();

  int size();
}
