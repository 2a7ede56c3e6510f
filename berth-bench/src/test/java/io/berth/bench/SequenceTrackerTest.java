package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
  @Test
  void inOrderMessagesLoseNothing() {
    SequenceTracker t = new SequenceTracker();
    for (long s = 0; s < 10_000; s++) {
      t.record(s);
    }
    assertThat(t.received()).isEqualTo(10_000);
    assertThat(t.unique()).isEqualTo(10_000);
    assertThat(t.lost(10_000)).isZero();
    assertThat(t.duplicates()).isZero();
  }

  @Test
  void gapsAreLostAndTheMissingTailToo() {
    SequenceTracker t = new SequenceTracker();
    for (long s : new long[] {0, 1, 2, 5, 6, 9}) {
      t.record(s);
    }
    assertThat(t.lost(10)).isEqualTo(4); // 3, 4, 7 and 8 missing
    assertThat(t.lost(12)).isEqualTo(6); // and 10, 11 never arrived
  }

  @Test
  void aRepeatedMessageIsADuplicate() {
    SequenceTracker t = new SequenceTracker();
    for (long s : new long[] {0, 1, 1, 2, 2, 2}) {
      t.record(s);
    }
    assertThat(t.duplicates()).isEqualTo(3);
    assertThat(t.unique()).isEqualTo(3);
    assertThat(t.lost(3)).isZero();
  }

  @Test
  void aLateMessageFillsItsGap() {
    SequenceTracker t = new SequenceTracker();
    for (long s : new long[] {0, 2, 3, 1, 1}) {
      t.record(s);
    }
    assertThat(t.late()).isEqualTo(1);
    assertThat(t.duplicates()).isEqualTo(1); // the second 1
    assertThat(t.lost(4)).isZero();
  }

  @Test
  void theRingForgetsOldMarksWhenItWraps() {
    SequenceTracker t = new SequenceTracker();
    t.record(0);
    t.record(SequenceTracker.WINDOW + 5); // skips 1 .. WINDOW+4
    t.record(SequenceTracker.WINDOW); // late; its slot held seq 0 until the skip cleared it: not a duplicate
    assertThat(t.duplicates()).isZero();
    assertThat(t.late()).isEqualTo(1);
    assertThat(t.lost(SequenceTracker.WINDOW + 6)).isEqualTo(SequenceTracker.WINDOW + 3);
    t.record(SequenceTracker.WINDOW);
    assertThat(t.duplicates()).isEqualTo(1);
  }

  @Test
  void aMessageOlderThanTheWindowCountsAsDuplicate() {
    SequenceTracker t = new SequenceTracker();
    for (long s = 0; s < 3 * SequenceTracker.WINDOW; s++) {
      t.record(s);
    }
    t.record(10);
    assertThat(t.duplicates()).isEqualTo(1);
    assertThat(t.lost(3 * SequenceTracker.WINDOW)).isZero();
  }
}
