package io.berth.store;

import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.persist.RestoredSession;
import io.berth.core.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hands the persistent sessions that recovery read to the broker's registry: each parked offline on an event loop,
 * with the number of deliveries it has on disk (read back when its client returns, see {@link StoredBacklogs}).
 */
public final class SessionRestore {
  private final Recovery.Result recovered;
  private final LongSupplier clockMillis;
  private boolean claimed;

  SessionRestore(Recovery.Result recovered, LongSupplier clockMillis) {
    this.recovered = recovered;
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
    long now = clockMillis.getAsLong();
    List<String> dueWills = new ArrayList<>();
    for (SessionRecord s : recovered.sessions().values()) {
      WillRecord will = recovered.wills().get(s.clientId());
      long willDue = will == null ? 0 : will.dueInMillis(s.offlineSinceMillis(), now);
      if (will != null && willDue == 0) {
        dueWills.add(s.clientId());
      }
      registry.restore(new RestoredSession(s.clientId(), s.expiryIntervalSeconds(), s.expiresInMillis(now),
          recovered.subscriptions().getOrDefault(s.clientId(), List.of()),
          recovered.storedDeliveries().getOrDefault(s.clientId(), 0),
          recovered.awaitingRel().getOrDefault(s.clientId(), List.of()), will == null ? null : will.will(), willDue),
          loops.get());
    }
    // Every session is back (and subscribed): now the wills whose delay passed, or whose session ended, go out.
    dueWills.forEach(registry::publishDueWill);
    recovered.willsOfExpired().forEach((client, will) -> registry.publishWillOfEnded(client, will, loops.get()));
    return recovered.sessions().size();
  }

  /** Broker closed without restoring (a start that failed later): recovery's will references go. */
  void releaseUnclaimed() {
    if (!claimed) {
      claimed = true;
      recovered.wills().values().forEach(w -> w.will().release());
      recovered.willsOfExpired().values().forEach(Message::release);
    }
  }
}
