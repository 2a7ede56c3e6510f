package io.berth.core.router;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The members of one share group on one filter; each message goes to one of them, round robin (MQTT 4.8.2). */
final class SharedGroup {
  private final CopyOnWriteArrayList<SubscriptionEntry> members = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  void put(SubscriptionEntry entry) {
    members.removeIf(e -> e.session() == entry.session());
    members.add(entry);
  }

  boolean remove(Object session) {
    return members.removeIf(e -> e.session() == session);
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  /** The next member in turn, preferring connected ones; null when the group is empty. */
  SubscriptionEntry pick() {
    Object[] snapshot = members.toArray();
    int n = snapshot.length;
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      SubscriptionEntry e = (SubscriptionEntry) snapshot[(start + i) % n];
      if (e.session().isOnline()) {
        return e;
      }
    }
    return (SubscriptionEntry) snapshot[start];
  }

  /** Another member than {@code leaving}, for redelivery when a member's session ends; null when none. */
  SubscriptionEntry pickOther(Object leaving) {
    for (int tries = 0; tries < members.size() + 1; tries++) {
      SubscriptionEntry e = pick();
      if (e == null) {
        return null;
      }
      if (e.session() != leaving) {
        return e;
      }
    }
    return null;
  }
}
