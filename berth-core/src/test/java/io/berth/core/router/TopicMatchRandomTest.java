package io.berth.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.topic.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The trie and {@link Topics#matches} (used by the retained store) must agree on every filter and topic: both
 * implement MQTT 4.7 ('#' includes the parent [MQTT-4.7.1-2], '+' one level, '$' topics [MQTT-4.7.2-1]).
 * Random cases from a fixed seed, so a failure reproduces; the seed is in the failure message.
 */
class TopicMatchRandomTest {
  private static final long SEED = Long.getLong("berth.random.seed", 20261129L);
  private static final String[] FILTER_LEVELS = {"a", "b", "", "$s", "+", "#"};
  private static final String[] TOPIC_LEVELS = {"a", "b", "", "$s"};

  private static String join(Random r, String[] levels) {
    int n = 1 + r.nextInt(4);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(levels[r.nextInt(levels.length)]);
    }
    return String.join("/", parts);
  }

  private static String validFilter(Random r) {
    String f;
    do {
      f = join(r, FILTER_LEVELS);
    } while (!Topics.isValidFilter(f, 128));
    return f;
  }

  @Test
  void trieAgreesWithTopicsMatches() {
    Random r = new Random(SEED);
    for (int round = 0; round < 300; round++) {
      String topic = join(r, TOPIC_LEVELS);
      Set<String> filters = new LinkedHashSet<>();
      int n = 1 + r.nextInt(12);
      for (int i = 0; i < n; i++) {
        filters.add(validFilter(r));
      }
      RouterTestSupport t = new RouterTestSupport();
      TopicTrie trie = new TopicTrie();
      for (String f : filters) {
        trie.put(t.entry(t.session("s:" + f, new RouterTestSupport.RecordingOwner()), f, null, 0, 0));
      }
      List<SubscriptionEntry> direct = new ArrayList<>();
      trie.match(topic, direct, new ArrayList<>());
      List<String> expected = filters.stream().filter(f -> Topics.matches(f, topic)).sorted().toList();
      assertThat(direct.stream().map(SubscriptionEntry::filter).sorted().toList())
          .as("seed %d round %d: filters %s matching %s", SEED, round, filters, topic).isEqualTo(expected);
    }
  }

  @Test
  void hashMatchesEveryTopicButDollarOnes() { // [MQTT-4.7.1-2] [MQTT-4.7.2-1]
    Random r = new Random(SEED);
    for (int i = 0; i < 200; i++) {
      String topic = join(r, TOPIC_LEVELS);
      assertThat(Topics.matches("#", topic)).as(topic).isEqualTo(!topic.startsWith("$"));
    }
  }

  @Test
  void aTopicNameUsedAsAFilterMatchesItself() { // 4.7: without wildcards a filter matches exactly
    Random r = new Random(SEED);
    for (int i = 0; i < 200; i++) {
      String topic = join(r, TOPIC_LEVELS);
      assertThat(Topics.matches(topic, topic)).as(topic).isTrue();
    }
  }
}
