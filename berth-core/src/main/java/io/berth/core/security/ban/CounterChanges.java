package io.berth.core.security.ban;

import java.util.List;
import java.util.Set;

/**
 * What a {@link WindowCounter} changed since its last save: the windows to write and the keys to delete.
 *
 * @param written the current windows of the keys counted since the last save
 * @param gone the keys whose windows went away (forgotten, expired, evicted) while the store held one
 * @param firstWritten the keys of {@code written} the store did not hold before: if the save fails, they are still
 *     not there (nothing to delete for them)
 */
record CounterChanges(List<CounterWindow> written, List<String> gone, Set<String> firstWritten) {
  boolean isEmpty() {
    return written.isEmpty() && gone.isEmpty();
  }
}
