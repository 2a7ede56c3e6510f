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
 * windows counted (a {@code dirty} flag on the window, and its key listed once when the flag goes up: a list entry
 * costs a reference where a hash set costs a node per key, and a broker that just took 20,000 connections lists
 * 20,000 keys until the next save), and the keys whose windows went away while the store held one ({@code gone}).
 * Both stay bounded by {@code maxKeys}: the list is compacted past {@code 2 * maxKeys} entries (entries of windows
 * gone or replaced since are left for the drain to skip), and {@code gone} holds only keys the store holds, which
 * after each successful save are only keys that had a window.
 *
 * <p>A window counts as held by the store ({@code inStore}) only once a save of it succeeded ({@link #saved});
 * a failed save gives its changes back ({@link #putBack}), so the next save retries them whole and nothing is
 * deleted that the store never got.
 */
final class WindowCounter {
  private static final class Window {
    final long start;
    int count;
    /** The store holds a window of this key (this one or an earlier one): its removal must be saved as a delete. */
    boolean inStore;
    /** Counted since the last drain: the next save writes it. Its key is in {@code dirtyKeys}. */
    boolean dirty;

    Window(long start, boolean inStore) {
      this.start = start;
      this.inStore = inStore;
    }
  }

  private final long windowMillis;
  private final int maxKeys;
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
  /**
   * The key of each window that turned dirty since the last drain, appended when it did (so once per window); an
   * entry whose key has no dirty window any more is skipped, and a key listed twice (its window replaced) written
   * once.
   */
  private List<String> dirtyKeys = new ArrayList<>();
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
      Window next = new Window(nowMillis, w != null ? w.inStore : gone.remove(key));
      next.dirty = w != null && w.dirty; // its key is listed already
      windows.remove(key); // re-inserted last: the map stays in window order
      windows.put(key, next);
      evictBeyondMax();
      w = next;
    }
    markDirty(key, w);
    return ++w.count;
  }

  synchronized void forget(String key) {
    Window w = windows.remove(key);
    if (w != null) {
      removed(key, w);
    }
  }

  /**
   * Takes out what changed since the last drain, windows expired at {@code nowMillis} included: O(keys changed).
   * Once the store has them, call {@link #saved}; if it could not take them, {@link #putBack}.
   */
  synchronized CounterChanges drainChanges(long nowMillis) {
    dropExpired(nowMillis);
    List<String> keys = dirtyKeys;
    dirtyKeys = new ArrayList<>(); // the old list's array goes with it (no array until the next add)
    List<CounterWindow> written = new ArrayList<>(keys.size());
    for (String key : keys) {
      Window w = windows.get(key);
      if (w != null && w.dirty) {
        w.dirty = false; // so a key listed twice is written once
        written.add(new CounterWindow(key, w.start, w.count));
      }
    }
    CounterChanges changes = new CounterChanges(written, List.copyOf(gone));
    gone.clear();
    return changes;
  }

  /**
   * The store took {@code changes}: it holds a window of each written key now, so whatever window the key has now
   * (the one written, or one that replaced it since the drain) must have its removal saved as a delete, and a key
   * whose window went away since the drain is gone. The deleted keys are not in the store any more: a window
   * opened for one since the drain did not inherit {@code inStore} (gone was emptied by the drain).
   */
  synchronized void saved(CounterChanges changes) {
    for (CounterWindow written : changes.written()) {
      Window w = windows.get(written.key());
      if (w != null) {
        w.inStore = true;
      } else {
        gone.add(written.key());
      }
    }
  }

  /**
   * The store could not take {@code changes}, so it still holds what it held before the drain: the written keys
   * that still have a window are written again by the next save (merged with what changed since; those removed
   * since were marked gone at removal if the store held them), and the deleted keys are deleted again, or, if one
   * got a new window since the drain, that window overwrites the old one in the store and must delete it when it
   * goes.
   */
  synchronized void putBack(CounterChanges changes) {
    for (CounterWindow written : changes.written()) {
      Window w = windows.get(written.key());
      if (w != null) {
        markDirty(written.key(), w);
      }
    }
    for (String key : changes.gone()) {
      Window w = windows.get(key);
      if (w != null) {
        w.inStore = true;
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

  /** Entries in the list of dirty keys (tests: it stays bounded). */
  synchronized int dirtyKeyEntries() {
    return dirtyKeys.size();
  }

  private void markDirty(String key, Window w) {
    if (w.dirty) {
      return;
    }
    w.dirty = true;
    dirtyKeys.add(key);
    if (dirtyKeys.size() > 2L * maxKeys) {
      compactDirtyKeys();
    }
  }

  /**
   * Drops the entries of windows gone or replaced since they were listed (a key forgotten and counted again
   * between two saves is listed again): at most {@code maxKeys} entries remain, so this runs at most once per
   * {@code maxKeys} additions.
   */
  private void compactDirtyKeys() {
    int kept = 0;
    for (int i = 0; i < dirtyKeys.size(); i++) {
      String key = dirtyKeys.get(i);
      Window w = windows.get(key);
      if (w != null && w.dirty) {
        w.dirty = false; // for now: a later entry of the same key is dropped
        dirtyKeys.set(kept++, key);
      }
    }
    dirtyKeys.subList(kept, dirtyKeys.size()).clear();
    for (String key : dirtyKeys) {
      windows.get(key).dirty = true;
    }
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

  /**
   * {@code key}'s window {@code w} went away: nothing of it to write (its entry in {@code dirtyKeys}, if any, is
   * skipped by the drain), and a delete if the store holds it.
   */
  private void removed(String key, Window w) {
    if (w.inStore) {
      gone.add(key);
    }
  }
}
