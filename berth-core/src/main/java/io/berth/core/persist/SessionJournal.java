package io.berth.core.persist;

import io.berth.core.Message;
import io.berth.core.router.Delivery;
import io.berth.core.router.SubscriptionEntry;
import io.berth.core.session.Session;

/**
 * What a persistent session (MQTT 3.1.1 Clean Session 0, MQTT 5 Session Expiry Interval above 0) writes so that it
 * survives a restart: its record, its subscriptions, and the QoS 1/2 messages queued or in flight to it. Only
 * persistent sessions call it; clean sessions never touch the disk. Calls come on the session's home thread, except
 * {@link #queued}, which runs on the publisher's thread before the message is handed to the session: so the write
 * of a message is queued before the delete that its acknowledgement causes later on another loop.
 */
public interface SessionJournal {
  /** Writes nothing: brokers without a disk. */
  SessionJournal NONE = new SessionJournal() {};

  /** The session is persistent with its current expiry interval, and online. */
  default void sessionSaved(Session s) {}

  /** The client disconnected: the expiry interval counts from now, across restarts too. */
  default void sessionOffline(Session s) {}

  /** The session's subscriptions are all gone (a clean start took it over). */
  default void subscriptionsCleared(String clientId) {}

  /** The session ended or is no longer persistent: its record and subscriptions go. */
  default void sessionEnded(String clientId) {}

  /**
   * The session's connection has a will [MQTT-3.1.2-8]: kept with the session so that a restart still publishes it
   * (after its Will Delay Interval, counted from the disconnect) unless the client comes back in time.
   */
  default void willStored(Session s, Message will, long willDelaySeconds) {}

  /** The session's will was published or discarded [MQTT-3.1.2-10]: it goes from the store. */
  default void willGone(String clientId) {}

  /** @param rawFilter the filter as subscribed, with any $share/group/ prefix (the session's key for it) */
  default void subscribed(Session s, String rawFilter, SubscriptionEntry entry) {}

  default void unsubscribed(Session s, String rawFilter) {}

  /**
   * A QoS 1/2 delivery to a persistent session (publisher's thread): the message is stored once for all its
   * holders, and an entry for this session. Returns the delivery carrying its store sequence.
   */
  default Delivery queued(Session s, Delivery d) {
    return d;
  }

  /** The delivery is done (acknowledged, refused, expired or dropped): its entry goes, and the message with its last. */
  default void finished(Session s, Delivery d) {}

  /**
   * The delivery entered the inflight window under {@code packetId}, or (released) its PUBREC came and PUBREL went:
   * kept so that a restart resends it under the same packet id [MQTT-4.4.0-1].
   */
  default void inflight(Session s, Delivery d, int packetId, boolean released) {}

  /** An incoming QoS 2 packet id now awaits PUBREL (added) or got it (removed) [MQTT-4.3.3-9]. */
  default void awaitingRel(Session s, int packetId, boolean added) {}

  /**
   * Runs {@code work} so that the writes it queues reach the disk together or not at all: an incoming QoS 2 message
   * and its packet id awaiting PUBREL, so that a crash cannot keep one without the other (exactly once).
   */
  default void atomically(Runnable work) {
    work.run();
  }

  /**
   * Reads back the deliveries a restored session left on disk ({@link RestoredSession#storedDeliveries}), when its
   * client returns, on the session's home thread. Each delivery holds one message reference the session takes over.
   */
  default StoredBacklog loadBacklog(String clientId) {
    return StoredBacklog.EMPTY;
  }

  /**
   * A restored session ended (expired, or a clean start took it over) before its client came back: the deliveries it
   * left on disk go, and each message with its last holder.
   */
  default void dropBacklog(String clientId) {}

  /** Whether some persistent session holds {@code m} on disk (so its publisher's ack waits for the write). */
  default boolean holds(Message m) {
    return false;
  }
}
