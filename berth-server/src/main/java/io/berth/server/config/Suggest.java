package io.berth.server.config;

import java.util.Collection;

/** "Did you mean ...?" for misspelt keys: the closest known key by edit distance, if it is close enough. */
final class Suggest {
  private Suggest() {}

  /** "; did you mean 'x'?" or "": the known key that extends the word, or is within a third of its length in edits. */
  static String didYouMean(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      // A shortened key ("max_qos" for "max_qos_allowed") counts as close, whatever the edit distance.
      int d = word.length() >= 3 && k.startsWith(word) ? 1 : distance(word, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // Small words get at least 2 edits, so "tpc" still finds "tcp" (a swap counts as 2).
    int allowed = Math.max(2, word.length() / 3);
    return best != null && bestDistance <= allowed ? "; did you mean '" + best + "'?" : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
