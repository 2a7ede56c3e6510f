package io.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The receive buffer sizing: grows fast for a busy connection, shrinks slowly for a quiet one, 64 B to 16 KB. */
class OneReadPerTurnTest {

  @Test
  void oneReadPerTurnAndSizesFollowTheReads() {
    OneReadPerTurn.SizingHandle h = (OneReadPerTurn.SizingHandle) new OneReadPerTurn().newHandle();
    assertThat(h.guess()).isEqualTo(OneReadPerTurn.INITIAL);
    h.lastBytesRead(256);
    h.lastBytesRead(256); // two reads that fit in half: half the size
    assertThat(h.guess()).isEqualTo(1024);
    h.lastBytesRead(1024); // a full buffer: 16 times larger
    assertThat(h.guess()).isEqualTo(16 * 1024);
    h.lastBytesRead(16 * 1024); // and no larger than the per-turn quantum
    assertThat(h.guess()).isEqualTo(OneReadPerTurn.MAX);
    h.lastBytesRead(100); // one small read is not enough to shrink
    assertThat(h.guess()).isEqualTo(OneReadPerTurn.MAX);
    h.lastBytesRead(100);
    assertThat(h.guess()).isEqualTo(OneReadPerTurn.MAX / 2);
    for (int i = 0; i < 100; i++) {
      h.lastBytesRead(2);
    }
    assertThat(h.guess()).isEqualTo(OneReadPerTurn.MIN);
    assertThat(h.continueReading()).isFalse();
    assertThat(h.continueReading(() -> true)).isFalse();
  }
}
