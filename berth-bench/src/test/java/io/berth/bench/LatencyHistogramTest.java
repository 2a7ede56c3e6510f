package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void emptyHistogramReportsZero() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.count()).isZero();
    assertThat(h.percentile(99)).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.min()).isZero();
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 1; v <= 100; v++) {
      h.record(v);
    }
    assertThat(h.percentile(50)).isEqualTo(50);
    assertThat(h.percentile(99)).isEqualTo(99);
    assertThat(h.percentile(100)).isEqualTo(100);
    assertThat(h.mean()).isCloseTo(50.5, within(1e-9));
  }

  @Test
  void percentilesOfAUniformRangeAreWithinOnePart128() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 1_000_000; v++) {
      h.record(v * 1000); // 1 µs .. 1 s in ns
    }
    assertThat(h.count()).isEqualTo(1_000_000);
    assertThat((double) h.percentile(50)).isCloseTo(500_000_000, within(500_000_000 / 128.0));
    assertThat((double) h.percentile(99)).isCloseTo(990_000_000, within(990_000_000 / 128.0));
    assertThat((double) h.percentile(99.9)).isCloseTo(999_000_000, within(999_000_000 / 128.0));
    assertThat(h.percentile(100)).isEqualTo(h.max()).isEqualTo(1_000_000_000L);
  }

  @Test
  void aFewSlowValuesShowInTheTail() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 990; i++) {
      h.record(100_000);
    }
    for (int i = 0; i < 10; i++) {
      h.record(50_000_000);
    }
    assertThat(h.percentile(50)).isBetween(100_000L, 100_000L + 100_000 / 128);
    assertThat(h.percentile(99)).isBetween(100_000L, 100_000L + 100_000 / 128);
    assertThat(h.percentile(99.9)).isBetween(50_000_000L - 50_000_000 / 128, 50_000_000L);
  }

  @Test
  void everyValueFallsInsideItsBucket() {
    Random r = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long v = r.nextLong() >>> (1 + r.nextInt(40)) & LatencyHistogram.MAX_VALUE;
      int index = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.lowestEquivalent(index)).isLessThanOrEqualTo(v);
      assertThat(LatencyHistogram.highestEquivalent(index)).isGreaterThanOrEqualTo(v);
      assertThat(LatencyHistogram.highestEquivalent(index) - LatencyHistogram.lowestEquivalent(index))
          .isLessThanOrEqualTo(Math.max(0, v / 128));
    }
  }

  @Test
  void negativeAndHugeValuesAreClamped() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(-5);
    h.record(Long.MAX_VALUE);
    assertThat(h.min()).isZero();
    assertThat(h.max()).isEqualTo(LatencyHistogram.MAX_VALUE);
  }

  @Test
  void mergedHistogramsAddUp() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    for (int i = 0; i < 100; i++) {
      a.record(10);
      b.record(1_000_000);
    }
    a.add(b);
    assertThat(a.count()).isEqualTo(200);
    assertThat(a.min()).isEqualTo(10);
    assertThat(a.max()).isEqualTo(1_000_000);
    assertThat(a.percentile(50)).isEqualTo(10);
    assertThat(a.percentile(51)).isGreaterThan(990_000);
  }
}
