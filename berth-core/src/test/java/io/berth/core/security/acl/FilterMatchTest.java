package io.berth.core.security.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.topic.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule filters against PUBLISH topics (MQTT 4.7) and against SUBSCRIBE filters (coverage, overlap). */
class FilterMatchTest {
  private static final long SEED = 0x5EEDACL;

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "a/b, a/b, true",
    "a/b, a/c, false",
    "a/+, a/b, true",
    "a/+, a/b/c, false",
    "a/#, a, true", // [MQTT-4.7.1-2] '#' includes the parent level
    "a/#, a/b/c, true",
    "a/#, ab, false",
    "+/#, a, true",
    "#, $SYS/x, false", // [MQTT-4.7.2-1]
    "+/x, $SYS/x, false",
    "$SYS/#, $SYS/x, true",
    "a/+/c, a//c, true",
    "a/, a/, true",
    "a/, a, false",
  })
  void publishMatching(String filter, String topic, boolean expected) {
    assertThat(FilterMatch.matches(filter, topic)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "rule {0} covers subscription {1}: {2}")
  @CsvSource({
    "a/#, a/+/c, true",
    "a/#, a/#, true",
    "a/#, a, true",
    "a/b/#, a/#, false", // a/# also receives a/c
    "a/+, a/#, false", // a/# also receives a and a/b/c (EMQX's word match would allow this)
    "a/+/#, a/#, false", // a/# receives a
    "a/+, a/b, true",
    "a/+, a/+, true",
    "a/b, a/+, false",
    "a/b, a/b, true",
    "+, a, true",
    "+, +, true",
    "+, #, false",
    "#, #, true",
    "#, +/+/#, true",
    "#, $SYS/#, false", // [MQTT-4.7.2-1]: '#' in a rule does not reach $ topics
    "+/#, $SYS/x, false",
    "$SYS/#, $SYS/brokers/+/clients/#, true",
    "$SYS/#, #, false",
    "a/#, b/#, false",
    "a/b/c, a/b, false",
    "a/b, a/b/c, false",
    "a/b/#, a/b/c/+, true",
  })
  void subscribeCoverage(String rule, String subscription, boolean expected) {
    assertThat(FilterMatch.covers(rule, subscription)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} overlaps {1}: {2}")
  @CsvSource({
    "a/+, a/b/#, true", // a/b
    "a/+, a/b/c, false",
    "a/#, a, true",
    "a/b, a/+, true",
    "a/b, a/c, false",
    "+/+, a/#, true",
    "#, $SYS/#, false", // [MQTT-4.7.2-1]
    "+/x, $SYS/x, false",
    "$SYS/#, $SYS/+, true",
    "sensors/secret/#, sensors/#, true",
    "a/b/c, a/#, true",
    "a/b/c, +/b, false",
    "a, a/#, true", // a/# also matches a
    "a/+/#, a, false",
  })
  void overlap(String a, String b, boolean expected) {
    assertThat(FilterMatch.overlaps(a, b)).isEqualTo(expected);
    assertThat(FilterMatch.overlaps(b, a)).as("symmetric").isEqualTo(expected);
  }

  @Test
  void overlapAgreesWithEnumeratedTopics() {
    Random random = new Random(SEED);
    for (int n = 0; n < 3_000; n++) {
      String a = randomFilter(random);
      String b = randomFilter(random);
      boolean some = topicsFor(a, b).stream().anyMatch(t -> Topics.matches(a, t) && Topics.matches(b, t));
      assertThat(FilterMatch.overlaps(a, b)).as("seed %x, %s and %s", SEED, a, b).isEqualTo(some);
    }
  }

  @Test
  void publishMatchingAgreesWithTopicsMatches() {
    Random random = new Random(SEED);
    for (int n = 0; n < 20_000; n++) {
      String filter = randomFilter(random);
      String topic = randomTopic(random);
      assertThat(FilterMatch.matches(filter, topic))
          .as("seed %x, filter %s, topic %s", SEED, filter, topic)
          .isEqualTo(Topics.matches(filter, topic));
    }
  }

  /**
   * covers(rule, sub) must hold exactly when every topic sub matches is matched by rule. The oracle enumerates all
   * topics over the filters' own words plus one fresh word (what a '+' may stand for that no literal names), one
   * level deeper than the longer filter.
   */
  @Test
  void coverageAgreesWithEnumeratedTopics() {
    Random random = new Random(SEED);
    for (int n = 0; n < 3_000; n++) {
      String rule = randomFilter(random);
      String sub = randomFilter(random);
      assertThat(FilterMatch.covers(rule, sub))
          .as("seed %x, rule %s, subscription %s", SEED, rule, sub)
          .isEqualTo(coversByEnumeration(rule, sub));
    }
  }

  private static boolean coversByEnumeration(String rule, String sub) {
    for (String topic : topicsFor(rule, sub)) {
      if (Topics.matches(sub, topic) && !Topics.matches(rule, topic)) {
        return false;
      }
    }
    return true;
  }

  /** Every topic over the filters' words plus a fresh one, up to one level deeper than the longer filter. */
  private static List<String> topicsFor(String a, String b) {
    Set<String> words = new LinkedHashSet<>(List.of("fresh", ""));
    for (String f : List.of(a, b)) {
      for (String w : f.split("/", -1)) {
        if (!w.equals("+") && !w.equals("#")) {
          words.add(w);
        }
      }
    }
    int depth = Math.max(a.split("/", -1).length, b.split("/", -1).length) + 1;
    return topics(new ArrayList<>(words), depth);
  }

  private static List<String> topics(List<String> words, int maxDepth) {
    List<String> all = new ArrayList<>();
    List<String> level = new ArrayList<>(words);
    for (int d = 1; d <= maxDepth; d++) {
      all.addAll(level);
      if (d == maxDepth) {
        break;
      }
      List<String> next = new ArrayList<>();
      for (String prefix : level) {
        for (String w : words) {
          next.add(prefix + "/" + w);
        }
      }
      level = next;
    }
    all.removeIf(String::isEmpty); // a topic name has at least one character [MQTT-4.7.3-1]
    return all;
  }

  private static String randomFilter(Random random) {
    int levels = 1 + random.nextInt(4);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        b.append('/');
      }
      int r = random.nextInt(10);
      if (r < 2) {
        b.append('+');
      } else if (r < 3 && i == levels - 1) {
        b.append('#');
      } else {
        b.append(word(random, i == 0));
      }
    }
    return b.length() == 0 ? "a" : b.toString(); // a filter has at least one character [MQTT-4.7.3-1]
  }

  private static String randomTopic(Random random) {
    int levels = 1 + random.nextInt(4);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(word(random, i == 0));
    }
    return b.length() == 0 ? "a" : b.toString();
  }

  private static String word(Random random, boolean first) {
    String[] words = first ? new String[] {"a", "b", "$SYS", ""} : new String[] {"a", "b", ""};
    return words[random.nextInt(words.length)];
  }
}
