package io.berth.core.session;

import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.router.Delivery;
import io.berth.core.router.SubscriptionEntry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The server side of an MQTT session (MQTT 4.1): subscriptions, messages queued or in flight to the client, and
 * incoming QoS 2 packet ids awaiting PUBREL. A session lives on one event loop, its <em>home</em>: all its state is
 * touched only there, without locks. Other threads reach it only through {@link #offer}, a lock-free inbox drained on
 * the home thread. When a client reconnects on another loop the session moves its home (see {@link
 * SessionRegistry}).
 */
public final class Session {
  private static final VarHandle INBOX;
  private static final VarHandle DRAIN_SCHEDULED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      INBOX = l.findVarHandle(Session.class, "inbox", ConcurrentLinkedQueue.class);
      DRAIN_SCHEDULED = l.findVarHandle(Session.class, "drainScheduled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String clientId;
  private final SessionServices services; // the journal and the counters, shared by the registry's sessions

  // Shared with other threads. The inbox is made by the first delivery from another thread (an idle client's session
  // never gets one); the flag is a plain field updated through a VarHandle, not an AtomicBoolean object per session.
  private volatile ConcurrentLinkedQueue<Delivery> inbox;
  private volatile boolean drainScheduled;
  private volatile EventLoopRef home;
  private volatile boolean online;
  private volatile boolean persistent; // expiry interval above 0: written to the durable store

  // Home thread only.
  private SessionOwner owner;
  // Created on first use: an idle connection (most of a broker's connections) needs none of them.
  private Map<String, SubscriptionEntry> subscriptions;
  private ArrayDeque<Delivery> queue;
  private LinkedHashMap<Integer, OutboundMessage> inflight;
  private Set<Integer> awaitingRel;
  private int lastPacketId;
  private long expiryIntervalSeconds;
  private boolean ended;
  private EventLoopRef.Cancellable expiryTimer;
  private WillTimer pendingWill;
  private long droppedMessages;
  /** Deliveries a restored session still has on disk only (read back when its client returns). */
  private int storedBacklog;
  private ConnectionFacts lastConnection;
  private int maxQueueLength = 1000;
  private boolean queueQos0WhenOffline = true;

  Session(String clientId, EventLoopRef home, SessionServices services) {
    this.clientId = clientId;
    this.home = home;
    this.services = services;
  }

  public String clientId() {
    return clientId;
  }

  public EventLoopRef home() {
    return home;
  }

  void moveHome(EventLoopRef newHome) {
    this.home = newHome;
  }

  public boolean isOnline() {
    return online;
  }

  /** Thread-safe: hands a delivery to this session. On its home thread it is delivered at once. */
  public void offer(Delivery delivery) {
    delivery.message().retain(); // this session's reference, released once delivered or dropped
    if (persistent && delivery.qos() > 0) { // written before any loop can see (and acknowledge) it
      delivery = services.journal().queued(this, delivery);
    }
    EventLoopRef loop = home;
    ConcurrentLinkedQueue<Delivery> q = inbox;
    if (loop.inEventLoop() && (q == null || q.isEmpty())) {
      accept(delivery);
      return;
    }
    inbox().offer(delivery);
    if (DRAIN_SCHEDULED.compareAndSet(this, false, true)) {
      loop.execute(this::drain); // a task per batch of deliveries from other threads, none kept per session
    }
  }

  /** The inbox, made once by whichever thread needs it first. */
  private ConcurrentLinkedQueue<Delivery> inbox() {
    ConcurrentLinkedQueue<Delivery> q = inbox;
    if (q == null) {
      q = new ConcurrentLinkedQueue<>();
      if (!INBOX.compareAndSet(this, null, q)) {
        q = inbox; // another thread made it first
      }
    }
    return q;
  }

  private void drain() {
    EventLoopRef loop = home;
    if (!loop.inEventLoop()) { // the session moved while this task waited: drain on its new home
      loop.execute(this::drain);
      return;
    }
    drainScheduled = false;
    ConcurrentLinkedQueue<Delivery> q = inbox();
    Delivery d;
    while ((d = q.poll()) != null) {
      accept(d);
    }
  }

  private void accept(Delivery d) {
    if (ended) {
      finish(d);
    } else if (owner != null) {
      owner.deliver(d);
    } else {
      enqueue(d);
    }
  }

  /** The bounds of the message queue, from the listener's settings (max_mqueue_len, mqueue_store_qos0). */
  public void setQueueLimits(int maxLength, boolean storeQos0) {
    this.maxQueueLength = maxLength;
    this.queueQos0WhenOffline = storeQos0;
  }

  /**
   * Queues a delivery behind the inflight window or while the client is offline. A full queue drops its oldest
   * message; QoS 0 for an offline client is dropped unless mqueue_store_qos0. Drops are counted.
   */
  public void enqueue(Delivery d) {
    if (d.qos() == 0 && owner == null && !queueQos0WhenOffline) {
      finish(d);
      countDropped();
      return;
    }
    queue().addLast(d);
    if (maxQueueLength > 0 && queue.size() > maxQueueLength) {
      finish(queue.pollFirst());
      countDropped();
    }
  }

  /** Messages in flight, without creating the table (most sessions never have any). */
  public int inflightCount() {
    return inflight == null ? 0 : inflight.size();
  }

  /** Whether messages wait in the queue, without creating it. */
  public boolean hasQueued() {
    return queue != null && !queue.isEmpty();
  }

  public ArrayDeque<Delivery> queue() {
    if (queue == null) {
      queue = new ArrayDeque<>(4);
    }
    return queue;
  }

  public LinkedHashMap<Integer, OutboundMessage> inflight() {
    if (inflight == null) {
      inflight = new LinkedHashMap<>();
    }
    return inflight;
  }

  public Set<Integer> awaitingRel() {
    if (awaitingRel == null) {
      awaitingRel = new HashSet<>();
    }
    return awaitingRel;
  }

  public Map<String, SubscriptionEntry> subscriptions() {
    if (subscriptions == null) {
      subscriptions = new LinkedHashMap<>();
    }
    return subscriptions;
  }

  /** Deliveries on disk not yet read back (a restored session whose client has not returned), else 0. */
  public int storedBacklog() {
    return storedBacklog;
  }

  void setStoredBacklog(int count) {
    this.storedBacklog = count;
  }

  /** What the last connection attached said of itself (kept while offline, for the management API); may be null. */
  public ConnectionFacts lastConnection() {
    return lastConnection;
  }

  public void setLastConnection(ConnectionFacts facts) {
    this.lastConnection = facts;
  }

  public long droppedMessages() {
    return droppedMessages;
  }

  public void countDropped() {
    droppedMessages++;
    services.counters().messageDropped();
  }

  /** The next packet identifier not in use by an inflight message [MQTT-2.2.1-3], or 0 if all 65535 are. */
  public int nextPacketId() {
    for (int i = 0; i < 65535; i++) {
      lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
      if (!inflight().containsKey(lastPacketId)) {
        return lastPacketId;
      }
    }
    return 0;
  }

  public long expiryIntervalSeconds() {
    return expiryIntervalSeconds;
  }

  /** Also decides whether the session is written to the durable store (expiry above 0). Home thread. */
  public void setExpiryIntervalSeconds(long seconds) {
    this.expiryIntervalSeconds = seconds;
    boolean was = persistent;
    persistent = seconds > 0;
    if (persistent) {
      services.journal().sessionSaved(this);
    } else if (was) {
      services.journal().sessionEnded(clientId);
    }
  }

  public boolean isPersistent() {
    return persistent;
  }

  /** Stores the will of the connection just attached when the session is persistent (home thread). */
  public void journalWill(Message will, long willDelaySeconds) {
    if (persistent && will != null) {
      services.journal().willStored(this, will, willDelaySeconds);
    }
  }

  /** Writes a new or replaced subscription when the session is persistent (home thread). */
  public void journalSubscribed(String rawFilter, SubscriptionEntry entry) {
    if (persistent) {
      services.journal().subscribed(this, rawFilter, entry);
    }
  }

  /** Writes a delivery's packet id and state when it is stored (home thread). */
  public void journalInflight(Delivery d, int packetId, boolean released) {
    if (d.storeSeq() != 0) {
      services.journal().inflight(this, d, packetId, released);
    }
  }

  /** Writes an incoming QoS 2 packet id awaiting PUBREL, or its removal, when the session is persistent. */
  public void journalAwaitingRel(int packetId, boolean added) {
    if (persistent) {
      services.journal().awaitingRel(this, packetId, added);
    }
  }

  public void journalUnsubscribed(String rawFilter) {
    if (persistent) {
      services.journal().unsubscribed(this, rawFilter);
    }
  }

  /**
   * A delivery is done with (acknowledged, refused, expired or dropped): its stored entry goes, and this session's
   * reference to the message is released. Home thread.
   */
  public void finish(Delivery d) {
    if (d.storeSeq() != 0) {
      services.journal().finished(this, d);
    }
    d.message().release();
  }

  /** A session read back from the store at start-up: persistent, offline, nothing written again. */
  void markRestored(long expirySeconds) {
    this.expiryIntervalSeconds = expirySeconds;
    this.persistent = true;
  }

  /** The connection attached, or null while offline. Home thread only (tests and admin views may peek). */
  public SessionOwner owner() {
    return owner;
  }

  void attach(SessionOwner newOwner) {
    this.owner = newOwner;
    this.online = true;
    cancelExpiry();
  }

  void detach() {
    this.owner = null;
    this.online = false;
  }

  public boolean isEnded() {
    return ended;
  }

  void markEnded() {
    ended = true;
    online = false;
    owner = null;
    cancelExpiry();
  }

  void setExpiryTimer(EventLoopRef.Cancellable timer) {
    cancelExpiry();
    expiryTimer = timer;
  }

  private void cancelExpiry() {
    if (expiryTimer != null) {
      expiryTimer.cancel();
      expiryTimer = null;
    }
  }

  /**
   * Releases every message this session holds (inbox, queue, inflight, pending will) without delivering or
   * publishing anything: for broker shutdown, once no event loop runs any more.
   */
  void releaseAll() {
    Delivery d;
    ConcurrentLinkedQueue<Delivery> q = inbox;
    while (q != null && (d = q.poll()) != null) {
      d.message().release();
    }
    while ((d = queue().pollFirst()) != null) {
      d.message().release();
    }
    inflight().values().forEach(m -> m.delivery().message().release());
    inflight().clear();
    if (pendingWill != null) {
      pendingWill.will.release();
      pendingWill = null;
    }
  }

  WillTimer pendingWill() {
    return pendingWill;
  }

  void setPendingWill(WillTimer will) {
    this.pendingWill = will;
  }
}
