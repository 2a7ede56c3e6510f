package io.berth.store;

import java.util.Arrays;

/**
 * How many stored queue entries hold each stored message, as recovery counted them: sorted ids and their counts in
 * two arrays (a million messages cost 12 MB, no object each). A message's count moves to the {@link MessageTable}
 * when a session first reads it back ({@link #take}); until then, entries dropped unread count it down here. Not
 * thread-safe: the message table guards it.
 */
final class RecoveredHolders {
  /** The count of a message whose holders are counted by the message table now. */
  private static final int TAKEN = -1;

  private final long[] ids;
  private final int[] counts;

  private RecoveredHolders(long[] ids, int[] counts) {
    this.ids = ids;
    this.counts = counts;
  }

  static final RecoveredHolders NONE = new RecoveredHolders(new long[0], new int[0]);

  /** Counts the ids in {@code heldIds[0..n)} (one per entry; sorted in place). */
  static RecoveredHolders count(long[] heldIds, int n) {
    Arrays.sort(heldIds, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || heldIds[i] != heldIds[i - 1]) {
        distinct++;
      }
    }
    long[] ids = new long[distinct];
    int[] counts = new int[distinct];
    int d = -1;
    for (int i = 0; i < n; i++) {
      if (i == 0 || heldIds[i] != heldIds[i - 1]) {
        ids[++d] = heldIds[i];
      }
      counts[d]++;
    }
    return new RecoveredHolders(ids, counts);
  }

  /** Whether some entry holds message {@code id}. */
  boolean contains(long id) {
    return Arrays.binarySearch(ids, id) >= 0;
  }

  /** Distinct messages held. */
  int size() {
    return ids.length;
  }

  /**
   * Hands message {@code id}'s count over (its first read-back): returns it, or 0 when it was taken before or never
   * counted.
   */
  int take(long id) {
    int i = Arrays.binarySearch(ids, id);
    if (i < 0 || counts[i] == TAKEN) {
      return 0;
    }
    int n = counts[i];
    counts[i] = TAKEN;
    return n;
  }

  /**
   * One entry of message {@code id} was dropped unread: returns the holders left (0: delete the message), or -1 when
   * the count was handed over (the message table counts it, or its record was found missing).
   */
  int drop(long id) {
    int i = Arrays.binarySearch(ids, id);
    if (i < 0 || counts[i] == 0) {
      throw new IllegalStateException("message " + id + " is not counted here");
    }
    return counts[i] == TAKEN ? TAKEN : --counts[i];
  }
}
