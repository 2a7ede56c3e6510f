package io.berth.core.router;

import io.berth.core.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the trie says about one topic, computed once and reused while no subscription changes: the matching
 * subscriptions grouped by session (so each session gets one delivery), and the matching share groups.
 */
final class RoutePlan {
  /** The subscriptions of one session that match, and the identifiers array to send for a single match. */
  static final class Target {
    final Session session;
    final SubscriptionEntry[] entries;
    final int[] singleIds;

    Target(Session session, SubscriptionEntry[] entries) {
      this.session = session;
      this.entries = entries;
      int id = entries[0].subscriptionId();
      this.singleIds = id == 0 ? Delivery.NO_IDS : new int[] {id};
    }
  }

  final long version;
  final Target[] direct;
  final SharedGroup[] shared;

  private RoutePlan(long version, Target[] direct, SharedGroup[] shared) {
    this.version = version;
    this.direct = direct;
    this.shared = shared;
  }

  static RoutePlan of(long version, List<SubscriptionEntry> direct, List<SharedGroup> shared) {
    Map<Session, List<SubscriptionEntry>> bySession = new LinkedHashMap<>();
    for (SubscriptionEntry e : direct) {
      bySession.computeIfAbsent(e.session(), s -> new ArrayList<>(1)).add(e);
    }
    Target[] targets = new Target[bySession.size()];
    int i = 0;
    for (Map.Entry<Session, List<SubscriptionEntry>> e : bySession.entrySet()) {
      targets[i++] = new Target(e.getKey(), e.getValue().toArray(new SubscriptionEntry[0]));
    }
    return new RoutePlan(version, targets, shared.toArray(new SharedGroup[0]));
  }
}
