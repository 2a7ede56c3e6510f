package io.berth.core.security.ban;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the windows of {@link FlappingDetector} and {@link LoginFailures} in a {@link CounterStore}: read back once at
 * start, saved when they changed (called every few seconds and at shutdown, from one thread).
 */
public final class SavedCounters {
  private final CounterStore store;
  private final Map<String, WindowCounter> counters;
  private final Map<String, Long> savedChanges = new HashMap<>();

  SavedCounters(CounterStore store, Map<String, WindowCounter> counters) {
    this.store = store;
    this.counters = counters;
  }

  /** Puts the saved windows that are still open at {@code nowMillis} back into the counters. */
  public void restore(long nowMillis) throws IOException {
    for (Map.Entry<String, WindowCounter> c : counters.entrySet()) {
      c.getValue().restore(store.load(c.getKey()), nowMillis);
      savedChanges.put(c.getKey(), c.getValue().changes());
    }
  }

  /** Saves each counter that counted or forgot something since its last save. */
  public void saveChanged(long nowMillis) throws IOException {
    for (Map.Entry<String, WindowCounter> c : counters.entrySet()) {
      long changes = c.getValue().changes();
      if (!savedChanges.containsKey(c.getKey()) || savedChanges.get(c.getKey()) != changes) {
        store.save(c.getKey(), c.getValue().snapshot(nowMillis));
        savedChanges.put(c.getKey(), changes);
      }
    }
  }
}
