package io.berth.core.security.ban;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts events per key within a fixed window that opens at the key's first event (EMQX's flapping window), in
 * bounded memory: keys are kept in the order their windows opened, so expired ones are dropped from the head, and
 * past {@code maxKeys} the oldest window is forgotten. Thread-safe.
 */
final class WindowCounter {
  private static final class Window {
    final long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }

  private final long windowMillis;
  private final int maxKeys;
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
  /** Counted events and forgotten keys so far: tells a saver whether anything changed. */
  private long changes;

  WindowCounter(long windowMillis, int maxKeys) {
    this.windowMillis = windowMillis;
    this.maxKeys = maxKeys;
  }

  /** Counts one event of {@code key} and returns how many it had in its current window, this one included. */
  synchronized int record(String key, long nowMillis) {
    changes++;
    dropExpired(nowMillis);
    Window w = windows.get(key);
    if (w == null || nowMillis - w.start >= windowMillis) {
      windows.remove(key); // re-inserted last: the map stays in window order
      w = new Window(nowMillis);
      windows.put(key, w);
      if (windows.size() > maxKeys) {
        Iterator<String> eldest = windows.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    return ++w.count;
  }

  synchronized void forget(String key) {
    if (windows.remove(key) != null) {
      changes++;
    }
  }

  synchronized long changes() {
    return changes;
  }

  /** The windows still open at {@code nowMillis}, oldest first. */
  synchronized List<CounterWindow> snapshot(long nowMillis) {
    dropExpired(nowMillis);
    List<CounterWindow> out = new ArrayList<>(windows.size());
    windows.forEach((key, w) -> out.add(new CounterWindow(key, w.start, w.count)));
    return out;
  }

  /** Adds saved windows still open at {@code nowMillis} (start-up, before any event is counted). */
  synchronized void restore(List<CounterWindow> saved, long nowMillis) {
    saved.stream()
        .filter(w -> w.startMillis() <= nowMillis && nowMillis - w.startMillis() < windowMillis && w.count() > 0)
        .sorted(Comparator.comparingLong(CounterWindow::startMillis))
        .forEach(w -> {
          Window restored = new Window(w.startMillis());
          restored.count = w.count();
          windows.remove(w.key()); // re-inserted last: the map stays in window order
          windows.put(w.key(), restored);
        });
    while (windows.size() > maxKeys) {
      Iterator<String> eldest = windows.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  synchronized int size() {
    return windows.size();
  }

  private void dropExpired(long nowMillis) {
    Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
    while (it.hasNext() && nowMillis - it.next().getValue().start >= windowMillis) {
      it.remove();
    }
  }
}
