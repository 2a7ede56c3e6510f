package io.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopologyTest {
  @Test
  void faninIsManyToOne() {
    Topology t = Topology.of(Scenario.FANIN, 10, "bench/r");
    assertThat(t.publishers()).isEqualTo(10);
    assertThat(t.subscribers()).isEqualTo(1);
    assertThat(t.fanout()).isEqualTo(1);
    assertThat(t.topic(3)).isEqualTo("bench/r/in/3");
    assertThat(t.filter(0)).isEqualTo("bench/r/in/+");
    assertThat(t.routes(7, 0)).isTrue();
  }

  @Test
  void fanoutIsOneToMany() {
    Topology t = Topology.of(Scenario.FANOUT, 10, "bench/r");
    assertThat(t.publishers()).isEqualTo(1);
    assertThat(t.subscribers()).isEqualTo(10);
    assertThat(t.fanout()).isEqualTo(10);
    assertThat(t.filter(9)).isEqualTo(t.topic(0));
  }

  @Test
  void p2pPairsOnlyTalkToEachOther() {
    Topology t = Topology.of(Scenario.P2P, 10, "bench/r");
    assertThat(t.publishers()).isEqualTo(10);
    assertThat(t.subscribers()).isEqualTo(10);
    assertThat(t.filter(4)).isEqualTo(t.topic(4));
    assertThat(t.routes(4, 4)).isTrue();
    assertThat(t.routes(4, 5)).isFalse();
  }

  @Test
  void latencyIsOnePair() {
    Topology t = Topology.of(Scenario.LATENCY, 10, "bench/r");
    assertThat(t.publishers()).isEqualTo(1);
    assertThat(t.subscribers()).isEqualTo(1);
  }

  @Test
  void connDefaultsToTheDescriptorLimitMinusAMargin() {
    assertThat(ConnRun.defaultCount(20_000)).isEqualTo(19_800);
    assertThat(ConnRun.defaultCount(100)).isEqualTo(1);
  }
}
