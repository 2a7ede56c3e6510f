package io.berth.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.core.Message;
import io.berth.core.session.Session;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The subscription trie and the router's fan-out (MQTT 4.7, 4.8.2, 3.3.4). */
class TopicTrieTest {
  private final RouterTestSupport t = new RouterTestSupport();

  private List<String> matches(TopicTrie trie, String topic) {
    List<SubscriptionEntry> direct = new ArrayList<>();
    List<SharedGroup> shared = new ArrayList<>();
    trie.match(topic, direct, shared);
    return direct.stream().map(SubscriptionEntry::filter).sorted().toList();
  }

  private TopicTrie trieOf(String... filters) {
    TopicTrie trie = new TopicTrie();
    for (String f : filters) {
      trie.put(t.entry(t.session("s-" + f, new RouterTestSupport.RecordingOwner()), f, null, 0, 0));
    }
    return trie;
  }

  @Test
  void hashMatchesTheParentLevel() { // [MQTT-4.7.1-2]
    TopicTrie trie = trieOf("a/#", "#", "a/+/#");
    assertThat(matches(trie, "a")).containsExactly("#", "a/#");
    assertThat(matches(trie, "a/b")).containsExactly("#", "a/#", "a/+/#");
  }

  @Test
  void plusMatchesEmptyLevels() { // 4.7.1.2: "+/+" matches "/finance"; "/+" too; "+" does not
    TopicTrie trie = trieOf("+/+", "/+", "+", "a/+/b");
    assertThat(matches(trie, "/x")).containsExactly("+/+", "/+");
    assertThat(matches(trie, "a//b")).containsExactly("a/+/b");
    assertThat(matches(trie, "x")).containsExactly("+");
  }

  @Test
  void wildcardsAtTheFirstLevelDoNotMatchDollarTopics() { // [MQTT-4.7.2-1]
    TopicTrie trie = trieOf("#", "+/x", "$SYS/#", "$SYS/+", "+");
    assertThat(matches(trie, "$SYS/x")).containsExactly("$SYS/#", "$SYS/+");
    assertThat(matches(trie, "$SYS")).containsExactly("$SYS/#");
  }

  @Test
  void unsubscribePrunesAndStopsMatching() { // [MQTT-3.10.4-1]
    TopicTrie trie = new TopicTrie();
    Session s = t.session("s", new RouterTestSupport.RecordingOwner());
    trie.put(t.entry(s, "a/b/c", null, 0, 0));
    assertThat(trie.remove(s, "a/b/c", null)).isTrue();
    assertThat(trie.remove(s, "a/b/c", null)).isFalse();
    assertThat(matches(trie, "a/b/c")).isEmpty();
    assertThat(trie.remove(s, "a/x", null)).isFalse();
  }

  @Test
  void resubscribeReplaces() { // [MQTT-3.8.4-3]
    TopicTrie trie = new TopicTrie();
    Session s = t.session("s", new RouterTestSupport.RecordingOwner());
    assertThat(trie.put(t.entry(s, "a", null, 0, 0))).isFalse();
    assertThat(trie.put(t.entry(s, "a", null, 2, 0))).isTrue();
    List<SubscriptionEntry> direct = new ArrayList<>();
    trie.match("a", direct, new ArrayList<>());
    assertThat(direct).singleElement().extracting(SubscriptionEntry::qos).isEqualTo(2);
  }

  private Message message(String topic, int qos, String publisher) {
    return new Message(topic, Unpooled.copiedBuffer(new byte[] {1}), qos, false, MqttProperties.NONE, publisher, 0);
  }

  @Test
  void routerGivesOneDeliveryPerSessionWithEverySubscriptionId() { // [MQTT-3.3.4-4] [MQTT-3.3.4-5]
    RouterTestSupport.RecordingOwner owner = new RouterTestSupport.RecordingOwner();
    Session s = t.session("s", owner);
    t.router.subscribe(t.entry(s, "a/+", null, 0, 11));
    t.router.subscribe(t.entry(s, "a/#", null, 2, 12));
    t.router.subscribe(t.entry(s, "a/b", null, 1, 0));
    Message m = message("a/b", 2, "p");
    int sent = t.loop.call(() -> t.router.route(m));
    assertThat(sent).isEqualTo(1);
    assertThat(owner.deliveries).singleElement().satisfies(d -> {
      assertThat(d.qos()).isEqualTo(2);
      assertThat(d.subscriptionIds()).containsExactlyInAnyOrder(11, 12);
    });
    m.release();
    assertThat(m.payload().refCnt()).isZero();
  }

  @Test
  void routerRoundRobinsAShareGroup() { // MQTT 4.8.2
    RouterTestSupport.RecordingOwner a = new RouterTestSupport.RecordingOwner();
    RouterTestSupport.RecordingOwner b = new RouterTestSupport.RecordingOwner();
    RouterTestSupport.RecordingOwner c = new RouterTestSupport.RecordingOwner();
    t.router.subscribe(t.entry(t.session("a", a), "t/+", "g", 1, 0));
    t.router.subscribe(t.entry(t.session("b", b), "t/+", "g", 1, 0));
    t.router.subscribe(t.entry(t.session("c", c), "t/+", "g", 1, 0));
    for (int i = 0; i < 9; i++) {
      Message m = message("t/x", 1, "p");
      t.loop.run(() -> t.router.route(m));
      m.release();
    }
    assertThat(a.deliveries).hasSize(3);
    assertThat(b.deliveries).hasSize(3);
    assertThat(c.deliveries).hasSize(3);
    assertThat(a.deliveries.get(0).sharedGroup()).isNotNull();
  }

  @Test
  void noLocalSkipsThePublishersOwnSession() { // [MQTT-3.8.3-3]
    RouterTestSupport.RecordingOwner owner = new RouterTestSupport.RecordingOwner();
    Session s = t.session("me", owner);
    t.router.subscribe(new SubscriptionEntry(s, "t", null, 0, true, false, 0));
    Message mine = message("t", 0, "me");
    Message theirs = message("t", 0, "you");
    assertThat(t.loop.call(() -> t.router.route(mine))).isZero();
    assertThat(t.loop.call(() -> t.router.route(theirs))).isEqualTo(1);
    mine.release();
    theirs.release();
  }

  @Test
  void subscriptionCountFollowsSubscribeAndUnsubscribe() {
    Session s = t.session("s", new RouterTestSupport.RecordingOwner());
    t.router.subscribe(t.entry(s, "a", null, 0, 0));
    t.router.subscribe(t.entry(s, "a", null, 1, 0));
    t.router.subscribe(t.entry(s, "a", "g", 1, 0));
    assertThat(t.router.subscriptionCount()).isEqualTo(2);
    t.router.unsubscribe(s, "a", "g");
    t.router.unsubscribe(s, "a", null);
    t.router.unsubscribe(s, "a", null);
    assertThat(t.router.subscriptionCount()).isZero();
  }
}
