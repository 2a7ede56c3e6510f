package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a {@link WindowCounter} hands a save: only the changes, and never more of them than it tracks keys. */
class WindowCounterTest {
  private static final long WINDOW = 60_000;
  long now = 1_700_000_000_000L;

  @Test
  void aDrainGivesEachChangeOnce() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    c.record("a", now);
    c.record("b", now);
    CounterChanges first = c.drainChanges(now);
    assertThat(first.written())
        .containsExactlyInAnyOrder(new CounterWindow("a", now, 2), new CounterWindow("b", now, 1));
    assertThat(first.gone()).isEmpty();
    assertThat(c.drainChanges(now).isEmpty()).isTrue();
  }

  @Test
  void anEvictedKeyThatWasSavedIsGoneAndOneThatWasNotIsForgottenQuietly() {
    WindowCounter c = new WindowCounter(WINDOW, 2);
    c.record("saved", now);
    c.drainChanges(now);
    c.record("x", now + 1);
    c.record("y", now + 2); // evicts "saved"
    c.record("z", now + 3); // evicts "x", never saved
    CounterChanges changes = c.drainChanges(now + 3);
    assertThat(changes.gone()).containsExactly("saved");
    assertThat(changes.written()).extracting(CounterWindow::key).containsExactlyInAnyOrder("y", "z");
  }

  @Test
  void changesPutBackComeAgainWithWhatChangedSince() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    c.record("b", now);
    c.drainChanges(now); // saved
    c.record("a", now + 1);
    c.forget("b");
    CounterChanges failed = c.drainChanges(now + 1);
    c.record("a", now + 2); // while the save was failing
    c.putBack(failed);
    CounterChanges retry = c.drainChanges(now + 2);
    assertThat(retry.written()).containsExactly(new CounterWindow("a", now, 3));
    assertThat(retry.gone()).containsExactly("b");
  }

  @Test
  void pendingChangesStayBoundedWhileEverySaveFails() {
    int maxKeys = 100;
    WindowCounter c = new WindowCounter(WINDOW, maxKeys);
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < maxKeys; i++) {
        c.record("r" + round + "-" + i, now); // each round evicts the whole previous one
      }
      c.putBack(c.drainChanges(now));
    }
    CounterChanges pending = c.drainChanges(now);
    assertThat(pending.written()).hasSize(maxKeys);
    assertThat(pending.gone()).as("no key ever reached the store").isEmpty();
  }

  @Test
  void restoredWindowsAreNotWrittenAgainButTheOnesNotRestoredAreDeleted() {
    WindowCounter c = new WindowCounter(WINDOW, 2);
    c.restore(List.of(new CounterWindow("closed", now - WINDOW, 4), new CounterWindow("old", now - 3, 1),
        new CounterWindow("mid", now - 2, 1), new CounterWindow("new", now - 1, 1)), now);
    assertThat(c.size()).isEqualTo(2);
    CounterChanges changes = c.drainChanges(now);
    assertThat(changes.written()).isEmpty();
    assertThat(changes.gone()).containsExactlyInAnyOrder("closed", "old");
  }
}
