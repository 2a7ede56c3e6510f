package io.berth.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Topic names and filters (MQTT 4.7) and share filters (4.8.2). */
class TopicsTest {

  @ParameterizedTest // [MQTT-4.7.1-1] '#' alone and last; [MQTT-4.7.1-2] '+' a whole level
  @ValueSource(strings = {"#", "a/#", "+", "+/+", "a/+/b", "/+", "+/", "/", "//", "a//b", "$SYS/#", "+/#", "a b"})
  void validFilters(String filter) {
    assertThat(Topics.isValidFilter(filter, 128)).isTrue();
  }

  @ParameterizedTest // [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.3-1]
  @ValueSource(strings = {"", "a#", "a/#/b", "#/a", "##", "a/b#", "a+", "+a", "a/+b/c", "a/b+", "++", "#+"})
  void invalidFilters(String filter) {
    assertThat(Topics.isValidFilter(filter, 128)).isFalse();
  }

  @ParameterizedTest // [MQTT-4.7.3-1] at least one character; [MQTT-3.3.2-2] no wildcards
  @ValueSource(strings = {"", "a/+", "#", "a/#", "+", "a+b"})
  void invalidTopicNames(String name) {
    assertThat(Topics.isValidTopicName(name, 128)).isFalse();
  }

  @ParameterizedTest // 4.7.3: any non-empty string without wildcards; '/' and empty levels allowed, '$' too
  @ValueSource(strings = {"a", "/", "a/b", "//", "/a/", "$SYS/x", "a b", "ü/€"})
  void validTopicNames(String name) {
    assertThat(Topics.isValidTopicName(name, 128)).isTrue();
  }

  @Test
  void levelLimitCountsSeparators() { // max_topic_levels
    assertThat(Topics.isValidTopicName("a/b/c", 3)).isTrue();
    assertThat(Topics.isValidTopicName("a/b/c/", 3)).isFalse();
    assertThat(Topics.isValidFilter("a/+/#", 3)).isTrue();
    assertThat(Topics.isValidFilter("a/+/b/#", 3)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      // filter, topic, matches
      "sport/tennis/player1/#, sport/tennis/player1, true", // [MQTT-4.7.1-2]: '#' includes the parent level
      "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
      "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
      "sport/#, sport, true",
      "#, sport, true",
      "#, /, true",
      "sport/tennis/+, sport/tennis/player1, true",
      "sport/tennis/+, sport/tennis/player1/ranking, false",
      "sport/+, sport, false",
      "sport/+, sport/, true",
      "+/+, /finance, true",
      "/+, /finance, true",
      "+, /finance, false",
      "a/+/b, a//b, true",
      "+, '', true",
      "a/b, a/b/, false",
      "#, $SYS/x, false", // [MQTT-4.7.2-1]
      "+/monitor/Clients, $SYS/monitor/Clients, false", // [MQTT-4.7.2-1]
      "$SYS/#, $SYS/monitor/Clients, true",
      "$SYS/monitor/+, $SYS/monitor/Clients, true",
      "$SYS/#, $SYS, true",
      "a/$x, a/$x, true",
      "a/+, a/$x, true", // '$' is special only in the first level
      "ACCOUNTS, Accounts, false", // 4.7.3: case sensitive
  })
  void matching(String filter, String topic, boolean expected) {
    assertThat(Topics.matches(filter, topic)).as("%s ~ %s", filter, topic).isEqualTo(expected);
  }

  @ParameterizedTest // [MQTT-4.8.2-1] [MQTT-4.8.2-2]
  @ValueSource(strings = {"$share/g", "$share//a", "$share/g+/a", "$share/g#/a", "$share/g/"})
  void malformedShareFilters(String raw) {
    assertThat(SharedFilter.parse(raw)).isNull();
  }

  @Test
  void shareFilterIsSplitIntoGroupAndFilter() { // 4.8.2: $share/{ShareName}/{filter}
    SharedFilter f = SharedFilter.parse("$share/consumers/a/+/#");
    assertThat(f.group()).isEqualTo("consumers");
    assertThat(f.filter()).isEqualTo("a/+/#");
    assertThat(f.isShared()).isTrue();
    SharedFilter plain = SharedFilter.parse("$sharex/a");
    assertThat(plain.isShared()).isFalse();
    assertThat(plain.filter()).isEqualTo("$sharex/a");
  }
}
