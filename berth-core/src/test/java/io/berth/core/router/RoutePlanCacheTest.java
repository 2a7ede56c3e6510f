package io.berth.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.core.Message;
import io.berth.core.session.Session;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The router's cached plans must follow every subscription change, and stay bounded. */
class RoutePlanCacheTest {
  private final RouterTestSupport t = new RouterTestSupport();

  private int route(String topic) {
    Message m = new Message(topic, Unpooled.copiedBuffer(new byte[] {1}), 0, false, MqttProperties.NONE, "p", 0);
    try {
      return t.loop.call(() -> t.router.route(m));
    } finally {
      m.release();
    }
  }

  @Test
  void aSubscriptionMadeAfterATopicWasRoutedIsSeen() {
    RouterTestSupport.RecordingOwner owner = new RouterTestSupport.RecordingOwner();
    Session s = t.session("s", owner);
    assertThat(route("a/b")).as("no subscriber yet (plan cached)").isZero();
    t.router.subscribe(t.entry(s, "a/+", null, 0, 0));
    assertThat(route("a/b")).isEqualTo(1);
    t.router.subscribe(t.entry(s, "a/#", null, 0, 7));
    assertThat(route("a/b")).as("still one delivery, now merged").isEqualTo(1);
    assertThat(owner.deliveries.get(1).subscriptionIds()).containsExactly(7);
    t.router.unsubscribe(s, "a/+", null);
    t.router.unsubscribe(s, "a/#", null);
    assertThat(route("a/b")).as("unsubscribed (plan recomputed)").isZero();
    assertThat(owner.deliveries).hasSize(2);
  }

  @Test
  void manyDistinctTopicsKeepTheCacheBounded() {
    Session s = t.session("s", new RouterTestSupport.RecordingOwner());
    t.router.subscribe(t.entry(s, "d/+", null, 0, 0));
    for (int i = 0; i < Router.MAX_PLANS + 100; i++) {
      assertThat(route("d/" + i)).isEqualTo(1);
    }
    assertThat(t.router.cachedPlans()).isLessThanOrEqualTo(Router.MAX_PLANS);
  }
}
