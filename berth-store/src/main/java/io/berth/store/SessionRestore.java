package io.berth.store;

import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.persist.RestoredSession;
import io.berth.core.router.Delivery;
import io.berth.core.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hands the persistent sessions that recovery read to the broker's registry: each parked offline on an event loop,
 * its stored messages queued in order (each a delivery holding one reference to the shared message).
 */
public final class SessionRestore {
  private final Recovery.Result recovered;
  private final MessageTable messages;
  private final LongSupplier clockMillis;
  private boolean claimed;

  SessionRestore(Recovery.Result recovered, MessageTable messages, LongSupplier clockMillis) {
    this.recovered = recovered;
    this.messages = messages;
    this.clockMillis = clockMillis;
  }

  /**
   * Parks every recovered session in {@code registry}, homes spread over {@code loops}. Returns how many.
   *
   * @param loops gives the next event loop (round robin)
   */
  public int into(SessionRegistry registry, Supplier<EventLoopRef> loops) {
    if (claimed) {
      throw new IllegalStateException("sessions already restored");
    }
    claimed = true;
    Map<Long, Message> byId = recovered.messages();
    byId.forEach((id, m) -> messages.recovered(m, id, recovered.holders().get(id)));
    long now = clockMillis.getAsLong();
    List<String> dueWills = new ArrayList<>();
    for (SessionRecord s : recovered.sessions().values()) {
      List<RestoredSession.Inflight> inflight = new ArrayList<>();
      List<Delivery> queued = new ArrayList<>();
      for (QueueEntry e : recovered.entries().getOrDefault(s.clientId(), List.of())) {
        Message m = byId.get(e.messageId()).retain(); // the session's reference
        Delivery d = new Delivery(m, e.qos(), e.retain(), e.subscriptionIds(), null, e.seq());
        if (e.packetId() != 0) {
          inflight.add(new RestoredSession.Inflight(d, e.packetId(), e.state() == QueueEntry.State.PUBREL_SENT));
        } else {
          queued.add(d);
        }
      }
      WillRecord will = recovered.wills().get(s.clientId());
      long willDue = will == null ? 0 : will.dueInMillis(s.offlineSinceMillis(), now);
      if (will != null && willDue == 0) {
        dueWills.add(s.clientId());
      }
      registry.restore(new RestoredSession(s.clientId(), s.expiryIntervalSeconds(), s.expiresInMillis(now),
          recovered.subscriptions().getOrDefault(s.clientId(), List.of()), inflight, queued,
          recovered.awaitingRel().getOrDefault(s.clientId(), List.of()), will == null ? null : will.will(), willDue),
          loops.get());
    }
    // Every session is back (and subscribed): now the wills whose delay passed, or whose session ended, go out.
    dueWills.forEach(registry::publishDueWill);
    recovered.willsOfExpired().forEach((client, will) -> registry.publishWillOfEnded(client, will, loops.get()));
    byId.values().forEach(Message::release); // recovery's own reference: the sessions hold theirs
    return recovered.sessions().size();
  }

  /** Broker closed without restoring (a start that failed later): recovery's message references go. */
  void releaseUnclaimed() {
    if (!claimed) {
      claimed = true;
      recovered.messages().values().forEach(Message::release);
      recovered.wills().values().forEach(w -> w.will().release());
      recovered.willsOfExpired().values().forEach(Message::release);
    }
  }
}
