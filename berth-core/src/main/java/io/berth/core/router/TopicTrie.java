package io.berth.core.router;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscription index: one node per filter level, '+' and '#' as ordinary child keys. Reads (matching) are
 * lock-free and run on every event loop at once; writes (subscribe, unsubscribe) are rare and serialized.
 */
final class TopicTrie {
  private static final String PLUS = "+";
  private static final String HASH = "#";

  private static final class Node {
    final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Object, SubscriptionEntry> subscribers = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, SharedGroup> groups = new ConcurrentHashMap<>();

    boolean isEmpty() {
      return children.isEmpty() && subscribers.isEmpty() && groups.isEmpty();
    }
  }

  private final Node root = new Node();

  /** Adds or replaces the session's subscription on the entry's filter (and group); true when it replaced one. */
  synchronized boolean put(SubscriptionEntry entry) {
    Node node = root;
    for (String level : entry.filter().split("/", -1)) {
      node = node.children.computeIfAbsent(level, k -> new Node());
    }
    if (entry.group() == null) {
      return node.subscribers.put(entry.session(), entry) != null;
    }
    SharedGroup group = node.groups.computeIfAbsent(entry.group(), g -> new SharedGroup());
    boolean existed = group.remove(entry.session());
    group.put(entry);
    return existed;
  }

  /** Removes the session's subscription; true when there was one. Prunes nodes left empty. */
  synchronized boolean remove(Object session, String filter, String groupName) {
    String[] levels = filter.split("/", -1);
    Node[] path = new Node[levels.length + 1];
    path[0] = root;
    for (int i = 0; i < levels.length; i++) {
      path[i + 1] = path[i].children.get(levels[i]);
      if (path[i + 1] == null) {
        return false;
      }
    }
    Node leaf = path[levels.length];
    boolean removed;
    if (groupName == null) {
      removed = leaf.subscribers.remove(session) != null;
    } else {
      SharedGroup group = leaf.groups.get(groupName);
      removed = group != null && group.remove(session);
      if (group != null && group.isEmpty()) {
        leaf.groups.remove(groupName);
      }
    }
    for (int i = levels.length; i > 0 && path[i].isEmpty(); i--) {
      path[i - 1].children.remove(levels[i - 1], path[i]);
    }
    return removed;
  }

  /** The share group on a filter, or null. */
  SharedGroup group(String filter, String groupName) {
    Node node = root;
    for (String level : filter.split("/", -1)) {
      node = node.children.get(level);
      if (node == null) {
        return null;
      }
    }
    return node.groups.get(groupName);
  }

  /** Adds every subscription and share group whose filter matches {@code topic} to the lists. */
  void match(String topic, List<SubscriptionEntry> direct, List<SharedGroup> shared) {
    String[] levels = topic.split("/", -1);
    // A filter starting with a wildcard does not match a topic starting with '$' [MQTT-4.7.2-1].
    boolean dollar = topic.startsWith("$");
    match(root, levels, 0, dollar, direct, shared);
  }

  private static void match(
      Node node, String[] levels, int i, boolean dollar, List<SubscriptionEntry> direct, List<SharedGroup> shared) {
    if (i == levels.length) {
      collect(node, direct, shared);
      Node hash = node.children.get(HASH); // "a/#" also matches "a" [MQTT-4.7.1-2]
      if (hash != null) {
        collect(hash, direct, shared);
      }
      return;
    }
    boolean wildcardsAllowed = !(dollar && i == 0);
    if (wildcardsAllowed) {
      Node hash = node.children.get(HASH);
      if (hash != null) {
        collect(hash, direct, shared);
      }
      Node plus = node.children.get(PLUS);
      if (plus != null) {
        match(plus, levels, i + 1, dollar, direct, shared);
      }
    }
    Node exact = node.children.get(levels[i]);
    if (exact != null) {
      match(exact, levels, i + 1, dollar, direct, shared);
    }
  }

  private static void collect(Node node, List<SubscriptionEntry> direct, List<SharedGroup> shared) {
    if (!node.subscribers.isEmpty()) {
      direct.addAll(node.subscribers.values());
    }
    if (!node.groups.isEmpty()) {
      shared.addAll(node.groups.values());
    }
  }
}
