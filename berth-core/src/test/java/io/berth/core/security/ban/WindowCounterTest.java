package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a {@link WindowCounter} hands a save: only the changes, each key once, never more of them than it tracks keys,
 * and deletes only for what the store got.
 */
class WindowCounterTest {
  private static final long WINDOW = 60_000;
  long now = 1_700_000_000_000L;

  /** A save the store took. */
  private static CounterChanges save(WindowCounter c, long nowMillis) {
    CounterChanges changes = c.drainChanges(nowMillis);
    c.saved(changes);
    return changes;
  }

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
  void aKeyIsListedOnceHoweverOftenItIsCounted() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    for (int i = 0; i < 1_000; i++) {
      c.record("a", now + i);
    }
    c.record("b", now + 1_000);
    assertThat(c.dirtyKeyEntries()).isEqualTo(2);
    assertThat(c.drainChanges(now + 1_000).written())
        .containsExactly(new CounterWindow("a", now, 1_000), new CounterWindow("b", now + 1_000, 1));
    assertThat(c.dirtyKeyEntries()).isZero();
    c.record("a", now + 1_001);
    assertThat(c.dirtyKeyEntries()).as("counted again after the drain: listed again").isEqualTo(1);
  }

  @Test
  void aKeyForgottenAndCountedAgainBeforeTheSaveIsWrittenOnceWithItsNewWindow() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    c.record("a", now);
    c.forget("a");
    c.record("a", now + 5);
    c.record("gone-before-the-drain", now + 5);
    c.forget("gone-before-the-drain");
    CounterChanges changes = c.drainChanges(now + 5);
    assertThat(changes.written()).containsExactly(new CounterWindow("a", now + 5, 1));
    assertThat(changes.gone()).as("neither reached the store").isEmpty();
  }

  @Test
  void theListOfCountedKeysStaysBoundedWithoutAnySave() {
    int maxKeys = 10;
    WindowCounter c = new WindowCounter(WINDOW, maxKeys);
    c.record("steady", now);
    for (int i = 0; i < 1_000; i++) {
      c.record("flapping", now + i); // a new window each time, listed each time
      c.forget("flapping");
      c.record("k" + (i % 5), now + i);
      assertThat(c.dirtyKeyEntries()).isLessThanOrEqualTo(2 * maxKeys);
    }
    c.record("flapping", now + 1_000);
    CounterChanges changes = c.drainChanges(now + 1_000);
    assertThat(changes.written()).extracting(CounterWindow::key)
        .containsExactlyInAnyOrder("steady", "flapping", "k0", "k1", "k2", "k3", "k4");
    assertThat(changes.written()).contains(new CounterWindow("steady", now, 1),
        new CounterWindow("flapping", now + 1_000, 1), new CounterWindow("k4", now + 4, 200));
  }

  @Test
  void anEvictedKeyThatWasSavedIsGoneAndOneThatWasNotIsForgottenQuietly() {
    WindowCounter c = new WindowCounter(WINDOW, 2);
    c.record("saved", now);
    save(c, now);
    c.record("x", now + 1);
    c.record("y", now + 2); // evicts "saved"
    c.record("z", now + 3); // evicts "x", never saved
    CounterChanges changes = c.drainChanges(now + 3);
    assertThat(changes.gone()).containsExactly("saved");
    assertThat(changes.written()).extracting(CounterWindow::key).containsExactlyInAnyOrder("y", "z");
  }

  @Test
  void aKeyEvictedWhileItsFirstSaveIsUnderwayIsDeletedOnlyIfThatSaveSucceeded() {
    for (boolean succeeded : new boolean[] {false, true}) {
      WindowCounter c = new WindowCounter(WINDOW, 2);
      c.record("saved", now);
      save(c, now);
      c.record("x", now + 1);
      CounterChanges underway = c.drainChanges(now + 1);
      assertThat(underway.written()).containsExactly(new CounterWindow("x", now + 1, 1));
      c.record("y", now + 2); // evicts "saved"
      c.record("z", now + 3); // evicts "x"
      if (succeeded) {
        c.saved(underway);
      } else {
        c.putBack(underway);
      }
      CounterChanges next = c.drainChanges(now + 3);
      assertThat(next.written()).extracting(CounterWindow::key).containsExactly("y", "z");
      if (succeeded) {
        assertThat(next.gone()).containsExactlyInAnyOrder("saved", "x");
      } else {
        assertThat(next.gone()).as("the store never got x").containsExactly("saved");
      }
    }
  }

  @Test
  void aWindowIsHeldByTheStoreOnlyOnceItsSaveSucceeded() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    c.putBack(c.drainChanges(now)); // failed
    c.forget("a");
    assertThat(c.drainChanges(now).isEmpty()).as("nothing to delete: the store never got it").isTrue();

    c.record("a", now + 1);
    save(c, now + 1);
    c.forget("a");
    assertThat(c.drainChanges(now + 1).gone()).containsExactly("a");
  }

  @Test
  void aWindowForgottenWhileItsSaveIsUnderwayIsDeletedByTheNextSave() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    CounterChanges underway = c.drainChanges(now);
    c.forget("a");
    c.saved(underway);
    CounterChanges next = c.drainChanges(now);
    assertThat(next.written()).isEmpty();
    assertThat(next.gone()).containsExactly("a");
  }

  @Test
  void aWindowReplacedWhileItsSaveSucceedsDeletesTheSavedOneWhenItGoes() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    CounterChanges underway = c.drainChanges(now);
    c.forget("a");
    c.record("a", now + 5); // a new window: the store is about to hold the old one
    c.saved(underway);
    c.forget("a");
    CounterChanges next = c.drainChanges(now + 5);
    assertThat(next.written()).isEmpty();
    assertThat(next.gone()).containsExactly("a");
  }

  @Test
  void aWindowReplacedWhileItsFirstSaveFailsIsWrittenOnceAndNeverDeleted() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    CounterChanges failed = c.drainChanges(now);
    c.forget("a");
    c.record("a", now + 5);
    c.putBack(failed);
    CounterChanges retry = c.drainChanges(now + 5);
    assertThat(retry.written()).containsExactly(new CounterWindow("a", now + 5, 1));
    assertThat(retry.gone()).isEmpty();
    c.putBack(retry); // fails again
    c.forget("a");
    assertThat(c.drainChanges(now + 5).isEmpty()).as("the store never got a window of a").isTrue();
  }

  @Test
  void aWindowReplacedWhileASaveFailsOverwritesTheStoredOneAndDeletesItWhenItGoes() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    save(c, now);
    c.record("a", now + 1);
    CounterChanges failed = c.drainChanges(now + 1);
    assertThat(failed.written()).containsExactly(new CounterWindow("a", now, 2));
    c.forget("a");
    c.record("a", now + 5);
    c.putBack(failed);
    CounterChanges retry = c.drainChanges(now + 5);
    assertThat(retry.written()).containsExactly(new CounterWindow("a", now + 5, 1));
    assertThat(retry.gone()).as("the write overwrites it").isEmpty();
    c.putBack(retry); // fails again
    c.forget("a");
    CounterChanges last = c.drainChanges(now + 5);
    assertThat(last.written()).isEmpty();
    assertThat(last.gone()).as("the store still holds the first window").containsExactly("a");
  }

  @Test
  void changesPutBackComeAgainWithWhatChangedSince() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("a", now);
    c.record("b", now);
    save(c, now);
    c.record("a", now + 1);
    c.forget("b");
    CounterChanges failed = c.drainChanges(now + 1);
    c.record("a", now + 2); // while the save was failing
    c.record("c", now + 2);
    c.putBack(failed);
    CounterChanges retry = c.drainChanges(now + 2);
    assertThat(retry.written())
        .containsExactlyInAnyOrder(new CounterWindow("a", now, 3), new CounterWindow("c", now + 2, 1));
    assertThat(retry.gone()).containsExactly("b");
  }

  @Test
  void aDeleteThatFailedComesAgainUnlessTheKeyGotANewWindowWhichThenOverwritesAndDeletesIt() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("b", now);
    c.record("d", now);
    save(c, now);
    c.forget("b");
    c.forget("d");
    CounterChanges failed = c.drainChanges(now);
    assertThat(failed.gone()).containsExactlyInAnyOrder("b", "d");
    c.record("d", now + 5);
    c.putBack(failed);
    CounterChanges retry = c.drainChanges(now + 5);
    assertThat(retry.gone()).containsExactly("b");
    assertThat(retry.written()).containsExactly(new CounterWindow("d", now + 5, 1));
    c.putBack(retry); // fails again
    c.forget("d");
    assertThat(c.drainChanges(now + 5).gone()).containsExactlyInAnyOrder("b", "d");
  }

  @Test
  void aKeyDeletedByASuccessfulSaveAndCountedAgainMeanwhileIsNotDeletedAgain() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.record("b", now);
    save(c, now);
    c.forget("b");
    CounterChanges underway = c.drainChanges(now);
    assertThat(underway.gone()).containsExactly("b");
    c.record("b", now + 5);
    c.saved(underway);
    c.forget("b");
    assertThat(c.drainChanges(now + 5).isEmpty()).as("the store holds no window of b any more").isTrue();
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
      assertThat(c.dirtyKeyEntries()).isLessThanOrEqualTo(maxKeys);
    }
    CounterChanges pending = c.drainChanges(now);
    assertThat(pending.written()).hasSize(maxKeys)
        .allSatisfy(w -> assertThat(w.key()).startsWith("r19-"));
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

  @Test
  void restoredWindowsAreHeldByTheStoreAndDeletesOfTheOnesNotRestoredSurviveAFailedSave() {
    WindowCounter c = new WindowCounter(WINDOW, 10);
    c.restore(List.of(new CounterWindow("closed", now - WINDOW, 4), new CounterWindow("other", now - WINDOW, 2),
        new CounterWindow("open", now - 1, 1)), now);
    c.putBack(c.drainChanges(now)); // the deletes failed
    c.record("other", now); // a new window overwrites the closed one
    CounterChanges retry = c.drainChanges(now);
    assertThat(retry.gone()).containsExactly("closed");
    assertThat(retry.written()).containsExactly(new CounterWindow("other", now, 1));
    c.saved(retry);
    c.forget("other");
    c.forget("open");
    assertThat(c.drainChanges(now).gone()).containsExactlyInAnyOrder("other", "open");
  }
}
