package io.berth.core.admin;

import io.berth.core.channel.Channel;
import io.berth.core.router.SubscriptionEntry;
import io.berth.core.session.ConnectionFacts;
import io.berth.core.session.Session;
import io.berth.core.session.SessionRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The clients of the broker as the management API sees them: every session, connected or not (persistent sessions
 * stay while offline), read on its home loop; and the kick. Thread-safe: called from the HTTP threads.
 */
public final class ClientAdmin {
  /** How long an HTTP thread waits for the event loops: they answer in microseconds unless the broker is stuck. */
  public static final long TIMEOUT_MILLIS = 5_000;

  /** Messages waiting in sessions' queues and in flight to their clients, over every session. */
  public record QueueTotals(long queued, long inflight) {}

  private final SessionRegistry sessions;
  private final LoopReads loops = new LoopReads(TIMEOUT_MILLIS);

  public ClientAdmin(SessionRegistry sessions) {
    this.sessions = sessions;
  }

  /**
   * The sessions whose client id passes {@code idFilter} (checked before any loop is asked: the id never changes),
   * ordered by client id.
   *
   * @throws LoopTimeoutException an event loop did not answer
   */
  public List<ClientSnapshot> list(Predicate<String> idFilter) {
    List<Session> chosen = new ArrayList<>();
    for (Session s : sessions.all()) {
      if (idFilter.test(s.clientId())) {
        chosen.add(s);
      }
    }
    List<ClientSnapshot> out = loops.read(chosen, ClientAdmin::snapshot);
    out.sort(Comparator.comparing(ClientSnapshot::clientId));
    return out;
  }

  /** One client, if it has a session. */
  public Optional<ClientSnapshot> get(String clientId) {
    Session s = sessions.get(clientId);
    return s == null ? Optional.empty() : loops.read(List.of(s), ClientAdmin::snapshot).stream().findFirst();
  }

  /**
   * Disconnects the client (MQTT 5: DISCONNECT 0x98) on its loop; its session stays if it is persistent.
   *
   * @return false when the client id has no session or is not connected
   */
  public boolean kick(String clientId) {
    Session s = sessions.get(clientId);
    if (s == null) {
      return false;
    }
    boolean[] kicked = new boolean[1];
    loops.run(s, x -> {
      if (x.owner() instanceof Channel ch) {
        ch.kick();
        kicked[0] = true;
      }
    });
    return kicked[0];
  }

  /** The queue totals now, each session read on its loop (for the Prometheus gauges). */
  public QueueTotals queueTotals() {
    long queued = 0;
    long inflight = 0;
    for (long[] q : loops.read(sessions.all(), s -> new long[] {queued(s),
        s.inflightCount()})) {
      queued += q[0];
      inflight += q[1];
    }
    return new QueueTotals(queued, inflight);
  }

  private static ClientSnapshot snapshot(Session s) {
    ConnectionFacts f = s.lastConnection();
    List<SubscriptionSnapshot> subs = new ArrayList<>();
    for (Map.Entry<String, SubscriptionEntry> e : s.subscriptions().entrySet()) {
      SubscriptionEntry x = e.getValue();
      subs.add(new SubscriptionSnapshot(s.clientId(), e.getKey(), x.qos(), x.noLocal(), x.retainAsPublished(),
          x.subscriptionId()));
    }
    return new ClientSnapshot(s.clientId(), f == null ? null : f.username(), f == null ? null : f.listenerId(),
        f == null ? null : f.remoteAddress(), s.owner() != null, f == null ? 0 : f.connectedAtMillis(),
        f == null ? null : f.version(), f == null ? 0 : f.keepAliveSeconds(), f != null && f.cleanStart(),
        s.expiryIntervalSeconds(), s.inflightCount(), queued(s), s.droppedMessages(),
        subs);
  }

  /** Queued for the session: in memory, and on disk for a restored session whose client has not returned yet (that
   * count includes the messages that were in flight before the restart). */
  private static int queued(Session s) {
    return (s.hasQueued() ? s.queue().size() : 0) + s.storedBacklog();
  }
}
