package io.berth.core.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in a concurrent map: they last as long as the process. */
public final class InMemorySessionStore implements SessionStore {
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

  @Override
  public Session get(String clientId) {
    return sessions.get(clientId);
  }

  @Override
  public Session putIfAbsent(Session fresh) {
    return sessions.putIfAbsent(fresh.clientId(), fresh);
  }

  @Override
  public void remove(Session session) {
    sessions.remove(session.clientId(), session);
  }

  @Override
  public Collection<Session> all() {
    return sessions.values();
  }

  @Override
  public int size() {
    return sessions.size();
  }
}
