package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import io.berth.core.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session state across connections: Session Present, Clean Start, takeover, expiry (MQTT 3.1.2.4, 3.1.4, 4.1). */
class SessionTest extends BrokerTestBase {

  @Test
  void newSessionHasSessionPresent0() { // [MQTT-3.2.2-3]
    assertThat(broker.client().connect(V5, "s", false, expiry(100)).sessionPresent()).isFalse();
  }

  @Test
  void resumedSessionHasSessionPresent1AndKeepsSubscriptions() { // [MQTT-3.2.2-3] [MQTT-3.1.2-5]
    TestClient c = broker.client();
    c.connect(V5, "s", false, expiry(100));
    c.subscribe("a/b", 1);
    c.disconnect();
    TestClient again = broker.client();
    Connack ack = again.connect(V5, "s", false, expiry(100));
    assertThat(ack.sessionPresent()).isTrue();
    broker.client().connectOk(V5, "pub", true);
    TestClient pub = broker.client();
    pub.connectOk(V5, "pub2", true);
    pub.publish("a/b", 0, "hello");
    again.expectPublish("a/b", "hello");
  }

  @Test
  void cleanStartDiscardsTheSessionAndSessionPresentIs0() { // [MQTT-3.1.2-4] [MQTT-3.2.2-2]
    TestClient c = broker.client();
    c.connect(V5, "s", false, expiry(100));
    c.subscribe("a/b", 1);
    c.disconnect();
    TestClient again = broker.client();
    assertThat(again.connect(V5, "s", true, expiry(100)).sessionPresent()).isFalse();
    assertThat(broker.session("s").subscriptions()).isEmpty();
    assertThat(broker.core.router().subscriptionCount()).isZero();
    TestClient pub = broker.client();
    pub.connectOk(V5, "pub", true);
    pub.publish("a/b", 0, "hello");
    again.expectNothing();
  }

  @Test
  void v311CleanSession0KeepsTheSessionAndCleanSession1DiscardsIt() { // [MQTT-3.1.2-4] [MQTT-3.1.2-6] (3.1.1)
    TestClient c = broker.client();
    c.connectOk(V3_1_1, "old", false);
    c.subscribe("x", 1);
    c.disconnect();
    assertThat(broker.session("old")).isNotNull();
    assertThat(broker.client().connect(V3_1_1, "old", false).sessionPresent()).isTrue();
    assertThat(broker.session("old").subscriptions()).containsKey("x");
    broker.client().connect(V3_1_1, "old", true); // takes over, clean
    assertThat(broker.session("old").subscriptions()).isEmpty();
  }

  @Test
  void v5SessionExpiry0EndsTheSessionAtDisconnect() { // 3.1.2.11.2: absent means 0
    TestClient c = broker.client();
    c.connectOk(V5, "short", false);
    c.subscribe("x", 1);
    c.drop();
    assertThat(broker.session("short")).isNull();
    assertThat(broker.core.router().subscriptionCount()).isZero();
    assertThat(broker.client().connect(V5, "short", false).sessionPresent()).isFalse();
  }

  @Test
  void sessionExpiresAfterItsIntervalOnTheVirtualClock() { // 3.1.2.11.2 Session Expiry Interval
    TestClient c = broker.client();
    c.connect(V5, "exp", false, expiry(10));
    c.subscribe("x", 1);
    c.drop();
    broker.advance(9_999);
    assertThat(broker.session("exp")).as("still there before 10 s").isNotNull();
    broker.advance(1);
    assertThat(broker.session("exp")).as("ended at 10 s").isNull();
    assertThat(broker.core.router().subscriptionCount()).isZero();
    assertThat(broker.client().connect(V5, "exp", false, expiry(10)).sessionPresent()).isFalse();
  }

  @Test
  void reconnectingCancelsTheExpiry() { // [MQTT-3.1.2-5]
    TestClient c = broker.client();
    c.connect(V5, "exp", false, expiry(10));
    c.drop();
    broker.advance(5_000);
    TestClient again = broker.client();
    assertThat(again.connect(V5, "exp", false, expiry(10)).sessionPresent()).isTrue();
    broker.advance(60_000);
    assertThat(broker.session("exp")).isNotNull();
    assertThat(broker.session("exp").isOnline()).isTrue();
  }

  @Test
  void takeoverAcrossLoopsSendsDisconnect0x8EToTheOldV5ClientAndInheritsSubscriptions() { // [MQTT-3.1.4-3]
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, expiry(100));
    first.subscribe("t", 1);
    TestClient second = broker.client(1);
    Connack ack = second.connect(V5, "dup", false, expiry(100));
    assertThat(ack.reasonCode()).isZero();
    assertThat(ack.sessionPresent()).isTrue(); // [MQTT-3.2.2-3]
    first.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
    assertThat(first.out.sentAfterClose()).isZero();
    assertThat(broker.session("dup").home()).isSameAs(broker.loop(1));
    TestClient pub = broker.client(2);
    pub.connectOk(V5, "pub", true);
    pub.publish("t", 1, "to the new one");
    second.expectPublish("t", "to the new one");
    first.expectNothing();
  }

  @Test
  void takeoverOfAV311ClientClosesItWithoutAPacket() { // [MQTT-3.1.4-2] (3.1.1)
    TestClient first = broker.client(0);
    first.connectOk(V3_1_1, "dup", false);
    TestClient second = broker.client(1);
    assertThat(second.connect(V3_1_1, "dup", false).sessionPresent()).isTrue();
    assertThat(first.isClosed()).isTrue();
    first.expectNothing();
  }

  @Test
  void takeoverWithCleanStartClearsTheInheritedSubscriptions() { // [MQTT-3.1.2-4]
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, expiry(100));
    first.subscribe("t", 1);
    TestClient second = broker.client(1);
    assertThat(second.connect(V5, "dup", true, expiry(100)).sessionPresent()).isFalse();
    first.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
    assertThat(broker.session("dup").subscriptions()).isEmpty();
    assertThat(broker.core.router().subscriptionCount()).isZero();
  }

  @Test
  void takeoverIsSteppedAcrossLoopsAndPacketsPipelinedAfterConnectWaitForTheConnack() { // [MQTT-3.1.4-3]
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, expiry(100));
    TestClient second = broker.client(1);
    second.sendNoSettle(TestClient.connectPacket(V5, "dup", false, 0, null, expiry(100)));
    assertThat(second.out.isReading()).as("reads paused while the session moves").isFalse();
    second.sendNoSettle(new Subscribe(7, List.of(Subscription.of("p", 0)), MqttProperties.NONE));
    assertThat(second.out.peek()).as("nothing before the session is attached").isNull();
    assertThat(broker.loop(0).pendingTasks()).as("takeover queued on the session's home").isEqualTo(1);
    broker.loop(0).runPending(); // on loop 0: the old connection is told, the session moves to loop 1
    first.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
    assertThat(second.out.peek()).isNull();
    broker.loop(1).runPending(); // on loop 1: attached, CONNACK, then the held SUBSCRIBE
    assertThat(second.expect(Connack.class).sessionPresent()).isTrue();
    assertThat(second.expect(Suback.class).packetId()).isEqualTo(7);
    assertThat(second.out.isReading()).isTrue();
  }

  @Test
  void messagesQueuedOnTheOldLoopDuringTakeoverReachTheNewConnection() { // [MQTT-3.1.2-5] [MQTT-4.6.0-6]
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, props(Property.SESSION_EXPIRY_INTERVAL, 100L, Property.RECEIVE_MAXIMUM, 1));
    first.subscribe("t", 1);
    TestClient pub = broker.client(2);
    pub.connectOk(V5, "pub", true);
    pub.publish("t", 1, "m1"); // in flight to first
    first.expectPublish("t", "m1");
    TestClient second = broker.client(1);
    second.sendNoSettle(TestClient.connectPacket(V5, "dup", false, 0, null, expiry(100)));
    broker.loop(0).runPending(); // moved to loop 1, not yet attached
    pub.sendNoSettle(pub.publishPacket("t", 1, false, "m2", MqttProperties.NONE)); // routed meanwhile
    broker.loop(2).runPending();
    broker.settle();
    assertThat(second.expect(Connack.class).sessionPresent()).isTrue();
    Publish m1 = second.expectPublish("t", "m1");
    assertThat(m1.dup()).as("resent with DUP [MQTT-4.4.0-1]").isTrue();
    second.send(new PubAck(m1.packetId()));
    second.expectPublish("t", "m2");
  }

  @Test
  void expiryTimerOfTheOldHomeDoesNotEndASessionBeingTakenOver() { // [MQTT-3.1.2-5]
    // The session is offline on loop 0 with 10 s to live. A client reconnects on loop 1 at 9.5 s: the takeover task
    // runs on loop 0 and moves the session; before loop 1 attaches it, loop 0's expiry timer is due.
    TestClient first = broker.client(0);
    first.connect(V5, "race", false, expiry(10));
    first.subscribe("t", 1);
    first.drop();
    broker.advance(9_500);
    TestClient second = broker.client(1);
    second.sendNoSettle(TestClient.connectPacket(V5, "race", false, 0, null, expiry(10)));
    broker.loop(0).runPending(); // takeover on the old home: detached, moved to loop 1
    broker.advance(600); // the old expiry timer would fire now (it must have been cancelled)
    broker.settle();
    Connack ack = second.expect(Connack.class);
    assertThat(ack.sessionPresent()).isTrue();
    Session s = broker.session("race");
    assertThat(s).as("the resumed session is still registered").isNotNull();
    assertThat(s.subscriptions()).containsKey("t");
    TestClient pub = broker.client(2);
    pub.connectOk(V5, "pub", true);
    pub.publish("t", 0, "after takeover");
    second.expectPublish("t", "after takeover");
  }

  @Test
  void disconnectSettingSessionExpiryAfterZeroIsAProtocolError() { // [MQTT-3.14.2-2]
    TestClient c = broker.client();
    c.connectOk(V5, "z", false);
    c.send(new Disconnect(0, props(Property.SESSION_EXPIRY_INTERVAL, 30L)));
    c.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
    assertThat(broker.session("z")).as("the session still ends with expiry 0").isNull();
  }

  @Test
  void disconnectCanShortenTheSessionExpiry() { // 3.14.2.2.2
    TestClient c = broker.client();
    c.connect(V5, "z", false, expiry(100));
    c.send(new Disconnect(0, props(Property.SESSION_EXPIRY_INTERVAL, 0L)));
    assertThat(c.isClosed()).isTrue();
    assertThat(broker.session("z")).isNull();
  }

  @Test
  void disconnectCanLengthenANonZeroSessionExpiry() { // 3.14.2.2.2
    TestClient c = broker.client();
    c.connect(V5, "z", false, expiry(10));
    c.send(new Disconnect(0, props(Property.SESSION_EXPIRY_INTERVAL, 50L)));
    broker.advance(20_000);
    assertThat(broker.session("z")).isNotNull();
    broker.advance(30_000);
    assertThat(broker.session("z")).isNull();
  }

  @Test
  void sessionExpiryIsCappedByTheServer() { // 3.2.2.3.2: the server's value is sent in CONNACK
    TestClient c = broker.client();
    Connack ack = c.connect(V5, "cap", false, props(Property.SESSION_EXPIRY_INTERVAL, 0xFFFFFFFFL));
    assertThat(ack.properties().longValue(Property.SESSION_EXPIRY_INTERVAL, -1))
        .isEqualTo(broker.settings.sessionExpiryInterval());
    c.drop();
    broker.advanceSeconds(broker.settings.sessionExpiryInterval());
    assertThat(broker.session("cap")).isNull();
  }

  @Test
  void connectionLostWhileTheSessionOpensReleasesHeldPacketsAndKeepsTheSession() { // [MQTT-3.1.2-5]
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, expiry(100));
    TestClient second = broker.client(1);
    second.sendNoSettle(TestClient.connectPacket(V5, "dup", false, 0, null, expiry(100)));
    second.sendNoSettle(second.publishPacket("t", 1, false, "held", MqttProperties.NONE));
    second.drop(); // gone before the takeover finished: no CONNACK, the held PUBLISH is released
    assertThat(second.out.all()).isEmpty();
    Session s = broker.session("dup");
    assertThat(s).isNotNull();
    assertThat(s.isOnline()).isFalse();
    broker.advanceSeconds(100);
    assertThat(broker.session("dup")).isNull();
  }

  @Test
  void willDelayStillAppliesWhenTheConnectionIsLostWhileTheSessionOpens() { // [MQTT-3.1.3-9] 3.1.3.2.2
    TestClient watcher = broker.client(2);
    watcher.connectOk(V5, "watcher", true);
    watcher.subscribe("will", 0);
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, expiry(100));
    TestClient second = broker.client(1);
    io.berth.codec.packet.Will w = new io.berth.codec.packet.Will("will", "bye".getBytes(), 0, false,
        props(Property.WILL_DELAY_INTERVAL, 5L));
    second.sendNoSettle(TestClient.connectPacket(V5, "dup", false, 0, w, expiry(100)));
    second.drop();
    watcher.expectNothing();
    broker.advance(5_000);
    watcher.expectPublish("will", "bye");
  }

  @Test
  void keepAliveTimeoutWhileTheSessionOpensSendsNoPacketBeforeConnack() { // [MQTT-3.2.0-1]
    TestClient first = broker.client(0);
    first.connect(V5, "dup", false, expiry(100));
    TestClient second = broker.client(1);
    second.sendNoSettle(TestClient.connectPacket(V5, "dup", false, 0, null, expiry(100)));
    second.loop.run(second.channel::onReadTimeout); // before the takeover ran on loop 0
    broker.settle();
    assertThat(second.isClosed()).isTrue();
    assertThat(second.out.all()).as("the first packet from the server must be CONNACK").isEmpty();
  }
}
