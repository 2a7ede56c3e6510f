package io.berth.core.security.ban;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts events per key within a fixed window that opens at the key's first event (EMQX's flapping window), in
 * bounded memory: keys are kept in the order their windows opened, so expired ones are dropped from the head, and
 * past {@code maxKeys} the oldest window is forgotten. Thread-safe.
 *
 * <p>It also notes what changed since the last save, so that a save writes only that ({@link #drainChanges}): the
 * keys counted, and the keys whose windows went away while the store held one. Both sets are bounded by
 * {@code maxKeys}: the first holds only keys with a window, the second only keys the store holds, and after each
 * successful save the store holds only keys that had a window.
 */
final class WindowCounter {
  private static final class Window {
    final long start;
    int count;
    /** The store holds a window of this key (this one or an earlier one): its removal must be saved as a delete. */
    boolean inStore;

    Window(long start, boolean inStore) {
      this.start = start;
      this.inStore = inStore;
    }
  }

  private final long windowMillis;
  private final int maxKeys;
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
  /** Keys counted since the last drain that still have a window: the next save writes their windows. */
  private final Set<String> counted = new HashSet<>();
  /** Keys without a window any more whose old window the store holds: the next save deletes them. */
  private final Set<String> gone = new HashSet<>();

  WindowCounter(long windowMillis, int maxKeys) {
    this.windowMillis = windowMillis;
    this.maxKeys = maxKeys;
  }

  /** Counts one event of {@code key} and returns how many it had in its current window, this one included. */
  synchronized int record(String key, long nowMillis) {
    dropExpired(nowMillis);
    Window w = windows.get(key);
    if (w == null || nowMillis - w.start >= windowMillis) {
      // The store may hold an older window of this key (the new one overwrites it there); gone no longer applies.
      boolean inStore = w != null ? w.inStore : gone.remove(key);
      windows.remove(key); // re-inserted last: the map stays in window order
      w = new Window(nowMillis, inStore);
      windows.put(key, w);
      counted.add(key);
      evictBeyondMax();
    } else {
      counted.add(key);
    }
    return ++w.count;
  }

  synchronized void forget(String key) {
    Window w = windows.remove(key);
    if (w != null) {
      removed(key, w);
    }
  }

  /**
   * Takes out what changed since the last drain, windows expired at {@code nowMillis} included, and counts the
   * written windows as held by the store from now on. Give them back with {@link #putBack} if the save fails.
   */
  synchronized CounterChanges drainChanges(long nowMillis) {
    dropExpired(nowMillis);
    List<CounterWindow> written = new ArrayList<>(counted.size());
    Set<String> firstWritten = new HashSet<>();
    for (String key : counted) {
      Window w = windows.get(key);
      written.add(new CounterWindow(key, w.start, w.count));
      if (!w.inStore) {
        w.inStore = true;
        firstWritten.add(key);
      }
    }
    CounterChanges changes = new CounterChanges(written, List.copyOf(gone), firstWritten);
    counted.clear();
    gone.clear();
    return changes;
  }

  /**
   * {@code changes} could not be saved: the store still holds what it held before they were drained, so the next
   * drain gives them again (merged with what changed since).
   */
  synchronized void putBack(CounterChanges changes) {
    for (CounterWindow saved : changes.written()) {
      boolean wasInStore = !changes.firstWritten().contains(saved.key());
      Window w = windows.get(saved.key());
      if (w != null) {
        w.inStore = wasInStore;
        counted.add(saved.key());
      } else if (!wasInStore) {
        gone.remove(saved.key()); // removed since the drain, but the store never got it: nothing to delete
      }
      // else: removed since the drain while the store held it: already marked gone
    }
    for (String key : changes.gone()) {
      Window w = windows.get(key);
      if (w != null) {
        w.inStore = true; // counted again since the drain (so marked): its write overwrites the old window
      } else {
        gone.add(key);
      }
    }
  }

  /**
   * Adds saved windows still open at {@code nowMillis} (start-up, before any event is counted). The saved windows
   * not taken (closed, or beyond {@code maxKeys}) are marked gone, so that the next save deletes them.
   */
  synchronized void restore(List<CounterWindow> saved, long nowMillis) {
    saved.stream()
        .sorted(Comparator.comparingLong(CounterWindow::startMillis))
        .forEach(w -> {
          if (w.startMillis() <= nowMillis && nowMillis - w.startMillis() < windowMillis && w.count() > 0) {
            Window restored = new Window(w.startMillis(), true);
            restored.count = w.count();
            windows.remove(w.key()); // re-inserted last: the map stays in window order
            windows.put(w.key(), restored);
          } else {
            gone.add(w.key());
          }
        });
    evictBeyondMax();
  }

  synchronized int size() {
    return windows.size();
  }

  private void evictBeyondMax() {
    Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
    while (windows.size() > maxKeys) {
      Map.Entry<String, Window> e = eldest.next();
      eldest.remove();
      removed(e.getKey(), e.getValue());
    }
  }

  private void dropExpired(long nowMillis) {
    Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Window> e = it.next();
      if (nowMillis - e.getValue().start < windowMillis) {
        return;
      }
      it.remove();
      removed(e.getKey(), e.getValue());
    }
  }

  /** {@code key}'s window {@code w} went away: nothing of it to write, and a delete if the store holds it. */
  private void removed(String key, Window w) {
    counted.remove(key);
    if (w.inStore) {
      gone.add(key);
    }
  }
}
