package io.berth.core.security.ban;

import java.io.IOException;
import java.util.Map;

/**
 * Keeps the windows of {@link FlappingDetector} and {@link LoginFailures} in a {@link CounterStore}: read back once at
 * start, then each save writes only the windows that changed and deletes the ones that went away (called every few
 * seconds and at shutdown, from one thread).
 */
public final class SavedCounters {
  private final CounterStore store;
  private final Map<String, WindowCounter> counters;

  SavedCounters(CounterStore store, Map<String, WindowCounter> counters) {
    this.store = store;
    this.counters = counters;
  }

  /** Puts the saved windows that are still open at {@code nowMillis} back into the counters. */
  public void restore(long nowMillis) throws IOException {
    for (Map.Entry<String, WindowCounter> c : counters.entrySet()) {
      c.getValue().restore(store.load(c.getKey()), nowMillis);
    }
  }

  /**
   * Saves what each counter counted or forgot since its last save, and deletes its windows closed at {@code
   * nowMillis}. A failed save is retried by the next one (its changes go back to the counter); the written windows
   * count as held by the store, so that their removal is saved as a delete, only once the store took them.
   */
  public void saveChanged(long nowMillis) throws IOException {
    for (Map.Entry<String, WindowCounter> c : counters.entrySet()) {
      WindowCounter counter = c.getValue();
      CounterChanges changes = counter.drainChanges(nowMillis);
      if (changes.isEmpty()) {
        continue;
      }
      try {
        store.update(c.getKey(), changes.written(), changes.gone());
      } catch (IOException | RuntimeException e) {
        counter.putBack(changes);
        throw e;
      }
      counter.saved(changes);
    }
  }
}
