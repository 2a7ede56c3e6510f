package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTraceTest {
  @TempDir Path dir;

  @Test
  void writesSendAndReceiveTimesAsBigEndianPairs() throws IOException {
    LatencyTrace t = new LatencyTrace(4);
    t.record(1_000, 1_500);
    t.record(-2, Long.MAX_VALUE); // nanoTime may be negative; written as it is
    Path file = dir.resolve("trace.bin");
    t.writeTo(file);

    assertThat(Files.size(file)).isEqualTo(32);
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      assertThat(new long[] {in.readLong(), in.readLong(), in.readLong(), in.readLong()})
          .containsExactly(1_000, 1_500, -2, Long.MAX_VALUE);
    }
    assertThat(t.messages()).isEqualTo(2);
    assertThat(t.dropped()).isZero();
  }

  @Test
  void countsWhatDoesNotFitInsteadOfGrowing() throws IOException {
    LatencyTrace t = new LatencyTrace(2);
    for (int i = 0; i < 5; i++) {
      t.record(i, i + 10);
    }
    Path file = dir.resolve("trace.bin");
    t.writeTo(file);

    assertThat(t.messages()).isEqualTo(2);
    assertThat(t.dropped()).isEqualTo(3);
    assertThat(Files.size(file)).isEqualTo(32);
  }

  @Test
  void sizedForTheRunWithinTheBound() {
    assertThat(LatencyTrace.forRun(10_000, 10).messages()).isZero();
    LatencyTrace t = LatencyTrace.forRun(10, 1); // room for 1.1 x 10 messages plus the margin
    for (int i = 0; i < 1_011; i++) {
      t.record(i, i);
    }
    assertThat(t.dropped()).isZero();
    t.record(0, 0);
    assertThat(t.dropped()).isEqualTo(1);
    assertThatThrownBy(() -> new LatencyTrace(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LatencyTrace(LatencyTrace.MAX_CAPACITY + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
