package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Action;
import java.util.Arrays;

/**
 * One client's recent authorization decisions, keyed by action, topic, QoS and retain flag: a PUBLISH to a topic the
 * client used before is decided without walking the rules. Bounded (least recently used out), each entry reused for
 * the TTL, everything dropped when the chain or its version changes (a reloaded ACL file).
 *
 * <p>Confined to its connection's event loop: not thread-safe, by design. Lookups scan parallel arrays (hash and key
 * first): no locks, no allocation.
 */
public final class AuthzCache {
  private static final int MISS = -1;
  // Empty and never written (grow() copies before the first store): shared by every cache.
  private static final String[] NO_TOPICS = {};
  private static final int[] NO_INTS = {};
  private static final boolean[] NO_BOOLEANS = {};
  private static final long[] NO_LONGS = {};

  private final int capacity;
  private final long ttlMillis;
  // Grown on demand up to capacity: an idle connection (most of them) holds no arrays, a quiet one small ones.
  private String[] topics = NO_TOPICS;
  private int[] hashes = NO_INTS;
  private int[] keys = NO_INTS;
  private boolean[] allowed = NO_BOOLEANS;
  private long[] expiresAt = NO_LONGS;
  private long[] lastUsed = NO_LONGS;
  private int size;
  private long tick;
  private Object owner;
  private long version;

  AuthzCache(int capacity, long ttlMillis) {
    this.capacity = capacity;
    this.ttlMillis = ttlMillis;
  }

  static int key(Action action, int qos, boolean retain) {
    return (action == Action.SUBSCRIBE ? 8 : 0) | (qos & 3) << 1 | (retain ? 1 : 0);
  }

  /** 1 allowed, 0 denied, -1 not cached; entries of another chain or version are dropped first. */
  int lookup(Object chain, long chainVersion, int key, String topic, long nowMillis) {
    if (chain != owner || chainVersion != version) {
      clear();
      owner = chain;
      version = chainVersion;
      return MISS;
    }
    int h = topic.hashCode();
    for (int i = 0; i < size; i++) {
      if (hashes[i] == h && keys[i] == key && topics[i].equals(topic)) {
        if (expiresAt[i] - nowMillis <= 0) {
          remove(i);
          return MISS;
        }
        lastUsed[i] = ++tick;
        return allowed[i] ? 1 : 0;
      }
    }
    return MISS;
  }

  /** Remembers a decision just made (after a miss); a full cache forgets its least recently used entry. */
  void store(int key, String topic, boolean allow, long nowMillis) {
    if (size == topics.length && size < capacity) {
      grow(Math.min(capacity, Math.max(4, size * 2)));
    }
    int i = size < capacity ? size++ : leastRecentlyUsed();
    topics[i] = topic;
    hashes[i] = topic.hashCode();
    keys[i] = key;
    allowed[i] = allow;
    expiresAt[i] = nowMillis + ttlMillis;
    lastUsed[i] = ++tick;
  }

  /** Forgets everything (for instance after the client re-authenticated). */
  public void clear() {
    Arrays.fill(topics, 0, size, null);
    size = 0;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  private void grow(int length) {
    topics = Arrays.copyOf(topics, length);
    hashes = Arrays.copyOf(hashes, length);
    keys = Arrays.copyOf(keys, length);
    allowed = Arrays.copyOf(allowed, length);
    expiresAt = Arrays.copyOf(expiresAt, length);
    lastUsed = Arrays.copyOf(lastUsed, length);
  }

  private int leastRecentlyUsed() {
    int oldest = 0;
    for (int i = 1; i < size; i++) {
      if (lastUsed[i] < lastUsed[oldest]) {
        oldest = i;
      }
    }
    return oldest;
  }

  private void remove(int i) {
    int last = --size;
    topics[i] = topics[last];
    hashes[i] = hashes[last];
    keys[i] = keys[last];
    allowed[i] = allowed[last];
    expiresAt[i] = expiresAt[last];
    lastUsed[i] = lastUsed[last];
    topics[last] = null;
  }
}
