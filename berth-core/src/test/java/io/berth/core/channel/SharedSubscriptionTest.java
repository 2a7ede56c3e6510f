package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.Publish;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shared subscriptions (MQTT 4.8.2). */
class SharedSubscriptionTest extends BrokerTestBase {

  private TestClient member(String id, String filter, int qos, long expiry) {
    TestClient c = broker.client();
    c.connect(V5, id, false, expiry(expiry));
    c.subscribe(filter, qos);
    return c;
  }

  private TestClient pub() {
    TestClient p = broker.client();
    p.connectOk(V5, "pub", true);
    return p;
  }

  private static List<String> texts(List<Publish> ps) {
    return ps.stream().map(TestClient::text).toList();
  }

  @Test
  void eachMessageGoesToOneMemberRoundRobin() { // MQTT 4.8.2: one member of the group per message
    TestClient a = member("a", "$share/g/t", 0, 0);
    TestClient b = member("b", "$share/g/t", 0, 0);
    TestClient p = pub();
    for (int i = 0; i < 6; i++) {
      p.publish("t", 0, "m" + i);
    }
    List<String> got = new java.util.ArrayList<>(texts(a.publishes()));
    List<String> gotB = texts(b.publishes());
    assertThat(got).hasSize(3);
    assertThat(gotB).hasSize(3);
    got.addAll(gotB);
    assertThat(got).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
  }

  @Test
  void everyGroupAndEveryNonSharedSubscriberGetsACopy() { // MQTT 4.8.2
    TestClient g1 = member("g1", "$share/one/t/+", 0, 0);
    TestClient g2 = member("g2", "$share/two/t/#", 0, 0);
    TestClient plain = member("plain", "t/x", 0, 0);
    pub().publish("t/x", 0, "m");
    g1.expectPublish("t/x", "m");
    g2.expectPublish("t/x", "m");
    plain.expectPublish("t/x", "m");
  }

  @Test
  void aSessionWithASharedAndANonSharedMatchGetsTwoCopies() { // MQTT 4.8.2 (non-normative example)
    TestClient c = member("c", "$share/g/t", 0, 0);
    c.subscribe("t", 0);
    pub().publish("t", 0, "m");
    assertThat(texts(c.publishes())).containsExactly("m", "m");
  }

  @Test
  void grantedQosIsRespectedPerMember() { // [MQTT-4.8.2-3]
    TestClient a = member("a", "$share/g/t", 0, 0);
    pub().publish("t", 2, "m");
    assertThat(a.expectPublish("t", "m").qos()).isZero();
  }

  @Test
  void onlineMembersArePreferred() { // MQTT 4.8.2: the server chooses a member
    TestClient a = member("a", "$share/g/t", 1, 100);
    TestClient b = member("b", "$share/g/t", 1, 100);
    a.drop();
    TestClient p = pub();
    for (int i = 0; i < 4; i++) {
      p.publish("t", 1, "m" + i);
    }
    assertThat(texts(b.publishes())).containsExactly("m0", "m1", "m2", "m3");
    assertThat(broker.session("a").queue()).isEmpty();
  }

  @Test
  void unackedQos1IsRedeliveredToAnotherMemberWhenTheSessionEnds() { // MQTT 4.8.2: SHOULD send to another
    TestClient a = member("a", "$share/g/t", 1, 0);
    TestClient b = member("b", "$share/g/t", 1, 0);
    TestClient p = pub();
    p.publish("t", 1, "m0");
    p.publish("t", 1, "m1");
    Publish toA = a.expect(Publish.class);
    Publish toB = b.expect(Publish.class);
    b.send(new PubAck(toB.packetId()));
    a.drop(); // session expiry 0: the session ends now
    Publish again = b.expect(Publish.class);
    assertThat(TestClient.text(again)).isEqualTo(TestClient.text(toA));
  }

  @Test
  void queuedMessagesGoToAnotherMemberWhenTheSessionEnds() { // MQTT 4.8.2
    TestClient a = broker.client();
    a.connect(V5, "a", false, props(io.berth.codec.Property.RECEIVE_MAXIMUM, 1));
    a.subscribe("$share/g/t", 1);
    TestClient p = pub();
    p.publish("t", 1, "m0"); // inflight to a
    p.publish("t", 1, "m1"); // queued for a
    TestClient b = member("b", "$share/g/t", 1, 0);
    a.drop();
    assertThat(texts(b.publishes())).containsExactlyInAnyOrder("m0", "m1");
  }

  @Test
  void qos2InFlightIsNotSentToAnotherMemberWhenTheSessionEnds() { // [MQTT-4.8.2-4] [MQTT-4.8.2-5]
    TestClient a = member("a", "$share/g/t", 2, 0);
    TestClient b = member("b", "$share/g/t", 2, 0);
    TestClient p = pub();
    p.publish("t", 2, "m0");
    p.publish("t", 2, "m1");
    a.expect(Publish.class);
    Publish toB = b.expect(Publish.class);
    b.ack(toB);
    a.drop(); // a's session ends with the QoS 2 delivery started
    b.expectNothing();
  }

  @Test
  void releasedQos2IsNotRedelivered() { // [MQTT-4.8.2-5]
    TestClient a = member("a", "$share/g/t", 2, 0);
    TestClient b = member("b", "$share/g/t", 2, 0);
    TestClient p = pub();
    p.publish("t", 2, "m0");
    p.publish("t", 2, "m1");
    Publish toA = a.expect(Publish.class);
    a.send(new PubRec(toA.packetId()));
    b.ack(b.expect(Publish.class));
    a.drop();
    b.expectNothing();
  }

  @Test
  void leavingTheGroupStopsDelivery() { // [MQTT-3.10.4-1]
    TestClient a = member("a", "$share/g/t", 0, 0);
    TestClient b = member("b", "$share/g/t", 0, 0);
    a.unsubscribe("$share/g/t");
    TestClient p = pub();
    p.publish("t", 0, "1");
    p.publish("t", 0, "2");
    a.expectNothing();
    assertThat(texts(b.publishes())).containsExactly("1", "2");
  }
}
