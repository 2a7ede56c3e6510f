package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  private static final List<String> MQTT = List.of("max_packet_size", "max_qos_allowed", "max_inflight");

  @Test
  void typosFindTheirKey() {
    assertThat(Suggest.didYouMean("max_pakcet_size", MQTT)).isEqualTo("; did you mean 'max_packet_size'?");
    assertThat(Suggest.didYouMean("max_infligt", MQTT)).isEqualTo("; did you mean 'max_inflight'?");
    assertThat(Suggest.didYouMean("max_qos", MQTT)).isEqualTo("; did you mean 'max_qos_allowed'?");
    assertThat(Suggest.didYouMean("tpc", List.of("tcp"))).isEqualTo("; did you mean 'tcp'?");
  }

  @Test
  void unrelatedWordsGetNoSuggestion() {
    assertThat(Suggest.didYouMean("zone", List.of("node", "mqtt"))).isEmpty();
    assertThat(Suggest.didYouMean("banana", MQTT)).isEmpty();
  }

  @Test
  void distanceCountsASwapAsOneEdit() {
    assertThat(Suggest.distance("ab", "ba")).isEqualTo(1);
    assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggest.distance("", "abc")).isEqualTo(3);
  }
}
