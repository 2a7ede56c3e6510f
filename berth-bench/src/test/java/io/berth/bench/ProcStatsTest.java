package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
  @Test
  void cpuTicksAreUtimePlusStimeEvenWithSpacesInTheName() {
    String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 12345 0 3 0 750 250 0 0 20 0 31 0 100 5000000 20000";
    assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1000);
  }

  @Test
  void rssIsVmRss() {
    String status = "Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  204800 kB\nThreads:\t31\n";
    assertThat(ProcStats.rssKb(status)).isEqualTo(204_800);
  }

  @Test
  void cpuPercentIsOfOneCore() {
    ProcStats.Sample a = new ProcStats.Sample(0, 100, 1);
    ProcStats.Sample b = new ProcStats.Sample(2_000_000_000L, 250, 1);
    assertThat(b.cpuPercentSince(a)).isEqualTo(75.0);
    assertThat(b.cpuSecondsSince(a)).isEqualTo(1.5);
  }

  @Test
  void thisProcessCanBeSampled() {
    ProcStats.Sample s = ProcStats.self().sample();
    assertThat(s).isNotNull();
    assertThat(s.rssKb()).isPositive();
  }

  @Test
  void aMissingProcessGivesNoSample() {
    assertThat(new ProcStats("999999999").sample()).isNull();
  }
}
