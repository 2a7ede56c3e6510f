package io.berth.core.router;

import io.berth.core.Message;
import io.berth.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes published messages to the sessions whose subscriptions match. One instance per broker, used from every
 * event loop; sessions receive their deliveries through their own thread-safe inbox.
 */
public final class Router {
  private final TopicTrie trie = new TopicTrie();
  private final AtomicInteger subscriptionCount = new AtomicInteger();

  /** Adds or replaces a subscription; true when it replaced an existing one on the same filter. */
  public boolean subscribe(SubscriptionEntry entry) {
    boolean replaced = trie.put(entry);
    if (!replaced) {
      subscriptionCount.incrementAndGet();
    }
    return replaced;
  }

  public boolean unsubscribe(Session session, String filter, String group) {
    boolean removed = trie.remove(session, filter, group);
    if (removed) {
      subscriptionCount.decrementAndGet();
    }
    return removed;
  }

  public int subscriptionCount() {
    return subscriptionCount.get();
  }

  /** Delivers {@code message} to every matching session; returns how many sessions it went to. */
  public int route(Message message) {
    List<SubscriptionEntry> direct = new ArrayList<>(4);
    List<SharedGroup> shared = new ArrayList<>(0);
    trie.match(message.topic(), direct, shared);
    int sent = deliverDirect(message, direct);
    for (SharedGroup group : shared) {
      SubscriptionEntry member = group.pick();
      if (member != null && !isNoLocalSelf(member, message)) {
        offer(member.session(), message, member, group);
        sent++;
      }
    }
    return sent;
  }

  /** Sends a shared-subscription delivery that {@code leaving} will not complete to another member of its group. */
  public boolean redeliverShared(Delivery delivery, Session leaving) {
    SharedGroup group = (SharedGroup) delivery.sharedGroup();
    SubscriptionEntry other = group == null ? null : group.pickOther(leaving);
    if (other == null) {
      return false;
    }
    offer(other.session(), delivery.message(), other, group);
    return true;
  }

  /**
   * One delivery per session even when several of its subscriptions match: the highest granted QoS, every
   * Subscription Identifier [MQTT-3.3.4-4], RETAIN kept if any match asks for Retain As Published.
   */
  private static int deliverDirect(Message message, List<SubscriptionEntry> entries) {
    int n = entries.size();
    int sent = 0;
    for (int i = 0; i < n; i++) {
      SubscriptionEntry e = entries.get(i);
      if (e == null || isNoLocalSelf(e, message)) {
        continue;
      }
      if (!hasDuplicateSession(entries, i)) {
        offer(e.session(), message, e, null);
      } else {
        offerMerged(message, entries, i);
      }
      sent++;
    }
    return sent;
  }

  private static boolean hasDuplicateSession(List<SubscriptionEntry> entries, int i) {
    Session s = entries.get(i).session();
    for (int j = i + 1; j < entries.size(); j++) {
      SubscriptionEntry other = entries.get(j);
      if (other != null && other.session() == s) {
        return true;
      }
    }
    return false;
  }

  private static void offerMerged(Message message, List<SubscriptionEntry> entries, int first) {
    Session s = entries.get(first).session();
    int qos = 0;
    boolean rap = false;
    List<Integer> ids = new ArrayList<>();
    for (int j = first; j < entries.size(); j++) {
      SubscriptionEntry e = entries.get(j);
      if (e == null || e.session() != s || isNoLocalSelf(e, message)) {
        continue;
      }
      qos = Math.max(qos, e.qos());
      rap |= e.retainAsPublished();
      if (e.subscriptionId() != 0) {
        ids.add(e.subscriptionId());
      }
      entries.set(j, null); // handled
    }
    int[] idArray = ids.stream().mapToInt(Integer::intValue).toArray();
    s.offer(new Delivery(message, Math.min(qos, message.qos()), rap && message.retainFlag(), idArray, null));
  }

  private static void offer(Session s, Message message, SubscriptionEntry e, SharedGroup group) {
    int[] ids = e.subscriptionId() == 0 ? Delivery.NO_IDS : new int[] {e.subscriptionId()};
    // RETAIN is cleared on forwarded messages unless Retain As Published [MQTT-3.3.1-12] [MQTT-3.3.1-13].
    boolean retain = e.retainAsPublished() && message.retainFlag();
    s.offer(new Delivery(message, Math.min(e.qos(), message.qos()), retain, ids, group));
  }

  /** No Local: not to the publisher's own session [MQTT-3.8.3-3]. */
  private static boolean isNoLocalSelf(SubscriptionEntry e, Message m) {
    return e.noLocal() && e.session().clientId().equals(m.publisherId());
  }
}
