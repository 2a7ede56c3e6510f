package io.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The receive buffer sizing: grows fast for a busy connection, shrinks slowly for a quiet one, 64 B to 64 KB. */
class OneReadPerTurnTest {

  @Test
  void oneReadPerTurnAndSizesFollowTheReads() {
    OneReadPerTurn.SizingHandle h = (OneReadPerTurn.SizingHandle) new OneReadPerTurn().newHandle();
    assertThat(h.guess()).isEqualTo(OneReadPerTurn.INITIAL);
    h.lastBytesRead(2048); // a full buffer: 16 times larger
    assertThat(h.guess()).isEqualTo(32 * 1024);
    h.lastBytesRead(32 * 1024);
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
