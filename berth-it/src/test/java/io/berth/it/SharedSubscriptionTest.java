package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shared subscriptions $share/{group}/{filter} (MQTT 4.8.2). */
class SharedSubscriptionTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  static List<String> drain(RawClient c, Duration window) {
    List<String> got = new ArrayList<>();
    while (true) {
      MqttPacket p = c.read(window);
      if (!(p instanceof Publish pub)) {
        return got;
      }
      c.ack(pub);
      got.add(Packets.text(pub));
    }
  }

  @Test
  void roundRobinAcrossMembersDeliversEachMessageOnce() {
    String root = Ids.topicRoot();
    List<RawClient> members = new ArrayList<>();
    try (RawClient plain = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      for (int i = 0; i < 3; i++) {
        RawClient m = RawClient.open(broker);
        members.add(m);
        m.connectOk(i == 2 ? MqttVersion.V3_1_1 : MqttVersion.V5, Ids.client("member"), true, 60);
        assertThat(m.subscribe(1, "$share/g/" + root + "/+", 1).reasonCodes()).containsExactly(1);
      }
      plain.connectOk(MqttVersion.V5, Ids.client("plain"), true, 60);
      plain.subscribe(1, root + "/#", 1);
      pub.connectOk(MqttVersion.V5, Ids.client("spub"), true, 60);
      List<String> sent = IntStream.range(0, 30).mapToObj(i -> "m" + i).toList();
      for (String s : sent) {
        pub.publishAndComplete(root + "/x", 1, s);
      }
      List<String> all = new ArrayList<>();
      for (RawClient m : members) {
        List<String> got = drain(m, Duration.ofMillis(500));
        assertThat(got).as("every member gets some").isNotEmpty();
        all.addAll(got);
      }
      assertThat(all).as("each message to exactly one member").containsExactlyInAnyOrderElementsOf(sent);
      assertThat(drain(plain, Duration.ofMillis(500))).as("a normal subscription gets everything")
          .containsExactlyElementsOf(sent);
    } finally {
      members.forEach(RawClient::close);
    }
  }

  @Test
  void everyGroupGetsEachMessage() {
    String root = Ids.topicRoot();
    try (RawClient a = RawClient.open(broker); RawClient b = RawClient.open(broker);
        RawClient pub = RawClient.open(broker)) {
      a.connectOk(MqttVersion.V5, Ids.client("ga"), true, 60);
      b.connectOk(MqttVersion.V5, Ids.client("gb"), true, 60);
      a.subscribe(1, "$share/one/" + root + "/t", 0);
      b.subscribe(1, "$share/two/" + root + "/t", 0);
      pub.connectOk(MqttVersion.V5, Ids.client("gpub"), true, 60);
      for (int i = 0; i < 5; i++) {
        pub.publish(root + "/t", 0, 0, "m" + i);
      }
      assertThat(drain(a, Duration.ofMillis(300))).containsExactly("m0", "m1", "m2", "m3", "m4");
      assertThat(drain(b, Duration.ofMillis(300))).containsExactly("m0", "m1", "m2", "m3", "m4");
    }
  }

  @Test
  void unackedMessagesGoToAnotherMemberWhenASessionEnds() {
    String root = Ids.topicRoot();
    try (RawClient keeper = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      keeper.connectOk(MqttVersion.V5, Ids.client("keeper"), true, 60);
      keeper.subscribe(1, "$share/g/" + root + "/t", 1);
      RawClient leaver = RawClient.open(broker);
      leaver.connectOk(MqttVersion.V5, Ids.client("leaver"), true, 60); // session expiry 0: ends on close
      leaver.subscribe(1, "$share/g/" + root + "/t", 1);
      pub.connectOk(MqttVersion.V5, Ids.client("rpub"), true, 60);
      List<String> sent = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
      for (String s : sent) {
        pub.publishAndComplete(root + "/t", 1, s);
      }
      List<String> kept = new ArrayList<>(drain(keeper, Duration.ofMillis(500)));
      List<String> unacked = leaver.readFor(Duration.ofMillis(500)).stream()
          .map(p -> Packets.text((Publish) p)).toList();
      assertThat(unacked).as("the leaver got its share and acknowledged none").isNotEmpty();
      leaver.close(); // its session ends with those messages unacknowledged
      // Read until every message is accounted for, however slowly the broker sees the close (a quiet gap is not the
      // end); anything still queued for the leaver comes too, so the redelivered ones include, not equal, unacked.
      List<String> redelivered = new ArrayList<>();
      while (kept.size() + redelivered.size() < sent.size()) {
        redelivered.add(Packets.text(keeper.receive()));
      }
      keeper.expectSilence(Duration.ofMillis(300));
      assertThat(redelivered).as("the leaver's unacknowledged messages, redelivered").containsAll(unacked);
      kept.addAll(redelivered);
      assertThat(kept).containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  @Test
  void unsubscribeFromAShareGroup() {
    String root = Ids.topicRoot();
    try (RawClient a = RawClient.open(broker); RawClient pub = RawClient.open(broker)) {
      a.connectOk(MqttVersion.V5, Ids.client("ua"), true, 60);
      a.subscribe(1, MqttProperties.NONE, Subscription.of("$share/g/" + root + "/t", 0));
      a.send(new Unsubscribe(2, List.of("$share/g/" + root + "/t", "$share/other/" + root + "/t"),
          MqttProperties.NONE));
      assertThat(a.expect(Unsuback.class).reasonCodes()).containsExactly(0x00, 0x11);
      pub.connectOk(MqttVersion.V5, Ids.client("upub"), true, 60);
      pub.publish(root + "/t", 0, 0, "x");
      a.expectSilence(Duration.ofMillis(300));
    }
  }

  @Test
  void malformedShareFiltersAreRefused() {
    try (RawClient a = RawClient.open(broker)) {
      a.connectOk(MqttVersion.V5, Ids.client("bad"), true, 60);
      // no filter after the group, a wildcard in the group name [MQTT-4.8.2-1] [MQTT-4.8.2-2]
      assertThat(a.subscribe(1, MqttProperties.NONE, Subscription.of("$share/g", 0),
          Subscription.of("$share/g+/t", 0), Subscription.of("$share//t", 0)).reasonCodes())
          .containsExactly(0x8F, 0x8F, 0x8F);
    }
  }
}
