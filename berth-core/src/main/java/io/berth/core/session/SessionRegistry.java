package io.berth.core.session;

import io.berth.core.BrokerCounters;
import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.persist.RestoredSession;
import io.berth.core.persist.SessionJournal;
import io.berth.core.persist.StoredBacklog;
import io.berth.core.router.Delivery;
import io.berth.core.router.Router;
import io.berth.core.router.SubscriptionEntry;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every live session by client identifier, and their life cycle: open (new, resumed or taken over), disconnect,
 * expiry and end. Moving a session between event loops always happens on its current home thread, so two clients
 * racing for one identifier are served one after the other.
 */
public final class SessionRegistry {
  /** Called on the connecting loop once the session is attached to the new owner. */
  public interface OpenCallback {
    void opened(Session session, boolean sessionPresent);
  }

  private final SessionStore sessions;
  private final Router router;
  private final Consumer<Message> willPublisher;
  private final SessionJournal journal;
  private final SessionServices services;

  /**
   * @param sessions where the sessions are kept
   * @param willPublisher publishes a will message (routes it and handles its retain flag); takes ownership
   * @param journal where persistent sessions are written ({@link SessionJournal#NONE} for none)
   */
  public SessionRegistry(
      SessionStore sessions, Router router, Consumer<Message> willPublisher, SessionJournal journal) {
    this(sessions, router, willPublisher, journal, new BrokerCounters());
  }

  /** @param counters where sessions count the messages they drop */
  public SessionRegistry(SessionStore sessions, Router router, Consumer<Message> willPublisher,
      SessionJournal journal, BrokerCounters counters) {
    this.sessions = sessions;
    this.router = router;
    this.willPublisher = willPublisher;
    this.journal = journal;
    this.services = new SessionServices(journal, counters);
  }

  /**
   * Parks a session read back from the store, offline, on {@code home}: its subscriptions go back into the router and
   * its expiry timer runs on; its messages stay on disk until its client returns. Start-up only, before any listener opens.
   */
  public void restore(RestoredSession r, EventLoopRef home) {
    Session s = new Session(r.clientId(), home, services);
    s.markRestored(r.expiryIntervalSeconds());
    for (RestoredSession.Subscription sub : r.subscriptions()) {
      SubscriptionEntry e = new SubscriptionEntry(s, sub.filter(), sub.group(), sub.qos(), sub.noLocal(),
          sub.retainAsPublished(), sub.subscriptionId());
      s.subscriptions().put(sub.rawFilter(), e);
      router.subscribe(e);
    }
    s.setStoredBacklog(r.storedDeliveries()); // read when its client returns
    s.awaitingRel().addAll(r.awaitingRel());
    if (sessions.putIfAbsent(s) != null) {
      throw new IllegalStateException("session " + r.clientId() + " restored twice");
    }
    if (r.will() != null) { // a will due now waits for publishDueWill, once every session is back
      WillTimer wt = new WillTimer(r.will());
      s.setPendingWill(wt);
      if (r.willDelayMillis() > 0) {
        wt.timer = home.schedule(() -> publishPendingWill(s, wt), r.willDelayMillis());
      }
    }
    if (r.expiresInMillis() >= 0) {
      s.setExpiryTimer(home.schedule(() -> expire(s), r.expiresInMillis()));
    }
  }

  /**
   * Publishes the restored will of {@code clientId} whose delay passed while the broker was down (start-up, once every
   * session is restored, so that its subscribers get it), unless its client came back meanwhile.
   */
  public void publishDueWill(String clientId) {
    Session s = sessions.get(clientId);
    if (s != null) {
      s.home().execute(() -> {
        WillTimer wt = s.pendingWill();
        if (wt != null && wt.timer == null) {
          publishPendingWill(s, wt);
        }
      });
    }
  }

  /**
   * Publishes the will of a session that expired while the broker was down (start-up, once every session is
   * restored), then forgets it. Takes ownership of {@code will}.
   */
  public void publishWillOfEnded(String clientId, Message will, EventLoopRef loop) {
    loop.execute(() -> {
      willPublisher.accept(will);
      journal.willGone(clientId);
    });
  }

  public int size() {
    return sessions.size();
  }

  public Session get(String clientId) {
    return sessions.get(clientId);
  }

  public Collection<Session> all() {
    return sessions.all();
  }

  /**
   * Opens the session for {@code clientId} for a connection on {@code loop}: a new one, or the existing one taken
   * from its current connection [MQTT-3.1.4-3] and cleared if {@code cleanStart} [MQTT-3.1.2-4]. The callback runs
   * on {@code loop}.
   */
  public void open(String clientId, boolean cleanStart, EventLoopRef loop, SessionOwner owner, OpenCallback done) {
    Session fresh = new Session(clientId, loop, services);
    Session s = sessions.putIfAbsent(fresh);
    if (s == null) {
      fresh.attach(owner);
      done.opened(fresh, false);
      return;
    }
    s.home().execute(() -> takeOver(s, clientId, cleanStart, loop, owner, done));
  }

  private void takeOver(
      Session s, String clientId, boolean cleanStart, EventLoopRef loop, SessionOwner owner, OpenCallback done) {
    if (!s.home().inEventLoop()) { // moved meanwhile: follow it
      s.home().execute(() -> takeOver(s, clientId, cleanStart, loop, owner, done));
      return;
    }
    if (s.isEnded()) { // ended meanwhile: start over with a new session
      loop.execute(() -> open(clientId, cleanStart, loop, owner, done));
      return;
    }
    SessionOwner previous = s.owner();
    s.detach();
    // Cancel the expiry timer here, on the home that scheduled it: it must not end the session between the move and
    // the attach on the new loop, which resumes it [MQTT-3.1.2-5].
    s.setExpiryTimer(null);
    if (previous != null) {
      previous.takenOver(!cleanStart);
    }
    WillTimer will = s.pendingWill();
    s.setPendingWill(null);
    if (will != null) {
      if (will.timer != null) {
        will.timer.cancel();
      }
      if (cleanStart) { // the old session ends now, before the delay passed
        willPublisher.accept(will.will);
      } else { // resumed in time: the will is not sent [MQTT-3.1.3-9]
        will.will.release();
      }
    }
    if (s.isPersistent()) { // the old connection's will is published or dropped; the new one stores its own
      journal.willGone(clientId);
    }
    boolean present = !cleanStart;
    if (cleanStart) {
      clear(s);
    } else {
      loadBacklog(s);
    }
    s.moveHome(loop);
    loop.execute(() -> {
      s.attach(owner);
      done.opened(s, present);
    });
  }

  /** A restored session's deliveries come back from the disk, ahead of any queued since the restart. */
  private void loadBacklog(Session s) {
    if (s.storedBacklog() == 0) {
      return;
    }
    StoredBacklog b = journal.loadBacklog(s.clientId());
    s.setStoredBacklog(0);
    for (StoredBacklog.Inflight f : b.inflight()) {
      OutboundMessage m = new OutboundMessage(f.delivery(), f.packetId());
      if (f.released()) {
        m.markReleased();
      }
      s.inflight().put(f.packetId(), m);
    }
    List<Delivery> queued = b.queued();
    for (int i = queued.size() - 1; i >= 0; i--) { // unbounded here: nothing stored is dropped
      s.queue().addFirst(queued.get(i));
    }
  }

  /**
   * The owner's connection closed (on the session's home thread). Starts the session expiry (ending it now when the
   * interval is 0) and the will delay. {@code will} may be null; this takes ownership of it.
   */
  public void disconnected(Session s, SessionOwner owner, Message will, long willDelaySeconds) {
    if (s.owner() != owner) { // taken over: the new owner has it now
      if (will != null) {
        will.release();
      }
      return;
    }
    s.detach();
    if (will == null || willDelaySeconds <= 0 || s.expiryIntervalSeconds() == 0) {
      if (s.isPersistent()) { // none pending: a normal DISCONNECT dropped it, or it goes out now [MQTT-3.1.2-10]
        journal.willGone(s.clientId());
      }
    }
    if (will != null) {
      if (willDelaySeconds <= 0 || s.expiryIntervalSeconds() == 0) {
        willPublisher.accept(will);
      } else { // kept in the store too (written at CONNECT): a restart publishes it when its delay is over
        WillTimer wt = new WillTimer(will);
        s.setPendingWill(wt);
        wt.timer = s.home().schedule(() -> publishPendingWill(s, wt), willDelaySeconds * 1000);
      }
    }
    long expiry = s.expiryIntervalSeconds();
    if (expiry == 0) {
      end(s);
      return;
    }
    if (expiry < 0xFFFFFFFFL) { // 0xFFFFFFFF: never expires (MQTT 3.3.2.3.3)
      s.setExpiryTimer(s.home().schedule(() -> expire(s), expiry * 1000));
    }
    journal.sessionOffline(s); // the expiry counts from now across restarts too
  }

  private void publishPendingWill(Session s, WillTimer wt) {
    if (s.pendingWill() == wt) {
      s.setPendingWill(null);
      willPublisher.accept(wt.will);
      if (s.isPersistent()) {
        journal.willGone(s.clientId());
      }
    }
  }

  private void expire(Session s) {
    if (!s.isEnded() && !s.isOnline() && s.owner() == null) {
      end(s);
    }
  }

  /** Ends a session: its will (if still pending) goes out, its subscriptions and messages are dropped. */
  public void end(Session s) {
    WillTimer will = s.pendingWill();
    if (will != null) {
      s.setPendingWill(null);
      if (will.timer != null) {
        will.timer.cancel();
      }
      willPublisher.accept(will.will);
    }
    clear(s);
    if (s.isPersistent()) {
      journal.sessionEnded(s.clientId());
    }
    s.markEnded();
    sessions.remove(s);
  }

  /**
   * Drops the session state: subscriptions leave the router, queued and inflight messages are released; those
   * picked for a share group go to another member of it.
   */
  private void clear(Session s) {
    for (SubscriptionEntry e : s.subscriptions().values()) {
      router.unsubscribe(s, e.filter(), e.group());
    }
    s.subscriptions().clear();
    if (s.isPersistent()) {
      journal.subscriptionsCleared(s.clientId());
    }
    if (s.storedBacklog() > 0) { // never read back: dropped on disk
      journal.dropBacklog(s.clientId());
      s.setStoredBacklog(0);
    }
    for (OutboundMessage m : s.inflight().values()) {
      // QoS 1 may go to another member; a QoS 2 delivery once started must not [MQTT-4.8.2-5]
      releaseOrRedeliver(s, m.delivery(), m.delivery().qos() == 1);
    }
    s.inflight().clear();
    Delivery d;
    while ((d = s.queue().pollFirst()) != null) {
      releaseOrRedeliver(s, d, true);
    }
    s.awaitingRel().clear();
  }

  /**
   * Broker shutdown, after the event loops have stopped: releases the messages every session holds. Nothing is
   * published or redelivered; sessions are kept as they are for a durable store to have written.
   */
  public void releaseAll() {
    sessions.all().forEach(Session::releaseAll);
  }

  private void releaseOrRedeliver(Session s, Delivery d, boolean redeliverable) {
    if (redeliverable && d.sharedGroup() != null) {
      router.redeliverShared(d, s);
    }
    s.finish(d);
  }
}
