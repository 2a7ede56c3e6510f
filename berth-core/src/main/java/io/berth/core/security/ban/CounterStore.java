package io.berth.core.security.ban;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Where the windows of flapping detection and of failed logins outlive the broker (the durable store), so that a
 * restart does not give a flapping client or a password guesser a fresh count.
 */
public interface CounterStore {
  /** The windows saved under {@code counter}; empty when none were. */
  List<CounterWindow> load(String counter) throws IOException;

  /**
   * Writes {@code changed} (replacing what is saved for their keys) and deletes the windows of the keys in {@code
   * gone}, under {@code counter}, all or nothing; other keys keep what is saved for them.
   */
  void update(String counter, List<CounterWindow> changed, Collection<String> gone) throws IOException;

  /** Nothing is kept: the counts start afresh with each start (durability.sync = none, tests). */
  CounterStore NONE = new CounterStore() {
    @Override
    public List<CounterWindow> load(String counter) {
      return List.of();
    }

    @Override
    public void update(String counter, List<CounterWindow> changed, Collection<String> gone) {
      // nowhere to go
    }
  };
}
