package io.berth.core.security.ban;

import java.util.List;

/**
 * What a {@link WindowCounter} changed since its last save: the windows to write and the keys to delete.
 *
 * @param written the current windows of the keys counted since the last save, one per key
 * @param gone the keys whose windows went away (forgotten, expired, evicted) while the store held one
 */
record CounterChanges(List<CounterWindow> written, List<String> gone) {
  boolean isEmpty() {
    return written.isEmpty() && gone.isEmpty();
  }
}
