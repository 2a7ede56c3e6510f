package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Will;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Will Messages and Keep Alive (MQTT 3.1.2.5, 3.1.3.2, 3.1.2.10, 4.13). */
class WillTest extends BrokerTestBase {

  private TestClient watcher;

  private TestClient watcher() {
    if (watcher == null) {
      watcher = broker.client();
      watcher.connectOk(V5, "watcher", true);
      watcher.subscribe("will/#", 1);
    }
    return watcher;
  }

  private static Will will(String topic, long delaySeconds) {
    MqttProperties p = delaySeconds == 0 ? MqttProperties.NONE
        : MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, delaySeconds).build();
    return new Will(topic, "bye".getBytes(StandardCharsets.UTF_8), 1, false, p);
  }

  private TestClient connectWithWill(String id, Will w, long sessionExpiry, int keepAlive) {
    TestClient c = broker.client();
    MqttProperties props = sessionExpiry == 0 ? MqttProperties.NONE
        : MqttProperties.builder().set(Property.SESSION_EXPIRY_INTERVAL, sessionExpiry).build();
    assertThat(c.connect(TestClient.connectPacket(V5, id, false, keepAlive, w, props)).reasonCode()).isZero();
    return c;
  }

  @Test
  void willIsPublishedWhenTheConnectionDropsWithoutDisconnect() { // [MQTT-3.1.2-8]
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 0), 0, 0).drop();
    Publish p = w.expectPublish("will/c", "bye");
    assertThat(p.qos()).isEqualTo(1);
  }

  @Test
  void willIsDiscardedOnNormalDisconnect() { // [MQTT-3.14.4-3] [MQTT-3.1.2-10]
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 0), 0, 0).disconnect();
    w.expectNothing();
  }

  @Test
  void willIsDiscardedOnV311Disconnect() { // [MQTT-3.1.2-10] (3.1.1)
    TestClient w = watcher();
    TestClient c = broker.client();
    c.connect(TestClient.connectPacket(V3_1_1, "c", true, 0, will("will/c", 0), MqttProperties.NONE));
    c.disconnect();
    assertThat(c.isClosed()).isTrue();
    w.expectNothing();
  }

  @Test
  void disconnectWithWillMessageReasonPublishesIt() { // 3.14.2.1: 0x04 Disconnect with Will Message
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 0), 0, 0).send(new Disconnect(ReasonCode.DISCONNECT_WITH_WILL,
        MqttProperties.NONE));
    w.expectPublish("will/c", "bye");
  }

  @Test
  void keepAliveTimeoutSendsDisconnect0x8DAndPublishesTheWill() { // [MQTT-3.1.2-22], 4.13: 0x8D
    TestClient w = watcher();
    TestClient c = connectWithWill("c", will("will/c", 0), 0, 10);
    assertThat(c.out.readTimeout()).isEqualTo(15_000);
    c.readTimeout();
    c.expectDisconnect(ReasonCode.KEEP_ALIVE_TIMEOUT);
    w.expectPublish("will/c", "bye");
  }

  @Test
  void protocolErrorPublishesTheWill() { // [MQTT-3.1.2-8]: the connection closed without DISCONNECT 0x00
    TestClient w = watcher();
    TestClient c = connectWithWill("c", will("will/c", 0), 0, 0);
    c.publish("bad/+", 0, "x");
    c.expectDisconnect(ReasonCode.TOPIC_NAME_INVALID);
    w.expectPublish("will/c", "bye");
  }

  @Test
  void willDelayPostponesTheWill() { // 3.1.3.2.2 Will Delay Interval
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 5), 100, 0).drop();
    broker.advance(4_999);
    w.expectNothing();
    broker.advance(1);
    w.expectPublish("will/c", "bye");
  }

  @Test
  void resumingBeforeTheWillDelayCancelsTheWill() { // [MQTT-3.1.3-9]
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 5), 100, 0).drop();
    broker.advance(3_000);
    TestClient back = broker.client();
    assertThat(back.connect(V5, "c", false, props(Property.SESSION_EXPIRY_INTERVAL, 100L)).sessionPresent())
        .isTrue();
    broker.advance(60_000);
    w.expectNothing();
  }

  @Test
  void willGoesOutWhenTheSessionEndsBeforeTheWillDelay() { // [MQTT-3.1.2-8]: delay passed or session ended
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 30), 5, 0).drop();
    broker.advance(4_999);
    w.expectNothing();
    broker.advance(1);
    w.expectPublish("will/c", "bye");
    assertThat(broker.session("c")).isNull();
  }

  @Test
  void willDelayWithSessionExpiry0IsPublishedAtOnce() { // [MQTT-3.1.2-8]: the session ends at once
    TestClient w = watcher();
    connectWithWill("c", will("will/c", 30), 0, 0).drop();
    w.expectPublish("will/c", "bye");
  }

  @Test
  void takeoverPublishesTheOldConnectionsWillWhenItHasNoDelay() { // [MQTT-3.1.4-3] [MQTT-3.1.2-8]
    TestClient w = watcher();
    TestClient first = connectWithWill("c", will("will/c", 0), 100, 0);
    TestClient second = broker.client(1);
    second.connect(V5, "c", false, props(Property.SESSION_EXPIRY_INTERVAL, 100L));
    first.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
    w.expectPublish("will/c", "bye");
  }

  @Test
  void takeoverOfAResumedSessionDoesNotPublishADelayedWill() { // [MQTT-3.1.3-9]
    TestClient w = watcher();
    TestClient first = connectWithWill("c", will("will/c", 10), 100, 0);
    TestClient second = broker.client(1);
    second.connect(V5, "c", false, props(Property.SESSION_EXPIRY_INTERVAL, 100L));
    first.expectDisconnect(ReasonCode.SESSION_TAKEN_OVER);
    broker.advance(30_000);
    w.expectNothing();
  }

  @Test
  void retainedWillIsStored() { // [MQTT-3.1.2-17]: Will Retain 1 → published as a retained message
    TestClient c = broker.client();
    Will retained = new Will("will/r", "last".getBytes(StandardCharsets.UTF_8), 0, true, MqttProperties.NONE);
    c.connect(TestClient.connectPacket(V5, "c", true, 0, retained, MqttProperties.NONE));
    c.drop();
    TestClient late = broker.client();
    late.connectOk(V5, "late", true);
    late.subscribe("will/r", 0);
    assertThat(late.expectPublish("will/r", "last").retain()).isTrue();
  }

  @Test
  void willPropertiesAreForwardedAndTheDelayIsNot() { // [MQTT-3.1.3-10]? forwarded with the will (3.1.3.2)
    TestClient w = watcher();
    MqttProperties p = MqttProperties.builder().set(Property.WILL_DELAY_INTERVAL, 1L)
        .set(Property.CONTENT_TYPE, "text/plain").addUserProperty("k", "v").build();
    connectWithWill("c", new Will("will/c", "bye".getBytes(StandardCharsets.UTF_8), 0, false, p), 10, 0).drop();
    broker.advance(1_000);
    Publish got = w.expectPublish("will/c", "bye");
    assertThat(got.properties().string(Property.CONTENT_TYPE)).isEqualTo("text/plain");
    assertThat(got.properties().userProperties()).hasSize(1);
    assertThat(got.properties().has(Property.WILL_DELAY_INTERVAL)).isFalse();
  }
}
