package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1;
import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Will;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.Settings;
import io.berth.core.harness.TestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CONNECT and CONNACK (MQTT 3.1, 3.2), and the packets of a connection's life that are not publish/subscribe. */
class ConnectTest extends BrokerTestBase {

  private static Will will(String topic, int qos, boolean retain) {
    return new Will(topic, "gone".getBytes(StandardCharsets.UTF_8), qos, retain, MqttProperties.NONE);
  }

  @Test
  void emptyClientIdInV5GetsAnAssignedIdentifier() { // [MQTT-3.2.2-16]
    TestClient c = broker.client();
    Connack ack = c.connect(V5, "", true);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    String assigned = ack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER);
    assertThat(assigned).isNotEmpty();
    assertThat(c.channel.clientId()).isEqualTo(assigned);
    assertThat(broker.session(assigned)).isNotNull();
    // a second client gets another identifier
    Connack other = broker.client().connect(V5, "", true);
    assertThat(other.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER)).isNotEqualTo(assigned);
  }

  @Test
  void verifiedCertificateNamesTheClient() { // peer_cert_as_clientid / peer_cert_as_username, as in EMQX
    TestClient c = broker.client(0, new ConnectionInfo("ssl:devices", "10.0.0.9:5000", "dev-user", "dev-1", "dev-1", "CN=dev-1"));
    Connack ack = c.connect(V5, "", true);
    // the client sent no identifier, so it is told the one used [MQTT-3.2.2-16]
    assertThat(ack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER)).isEqualTo("dev-1");
    assertThat(c.channel.clientId()).isEqualTo("dev-1");
    assertThat(c.channel.username()).isEqualTo("dev-user");
    assertThat(c.channel.connectionInfo().listenerId()).isEqualTo("ssl:devices");
    // the certificate's identifier wins over the one sent: same certificate, same session
    TestClient d = broker.client(0, new ConnectionInfo("ssl:devices", "10.0.0.9:5001", null, "dev-1", "dev-1", "CN=dev-1"));
    d.connect(V3_1_1, "chosen-by-client", true);
    assertThat(d.channel.clientId()).isEqualTo("dev-1");
    assertThat(d.channel.username()).isNull();
    assertThat(broker.session("chosen-by-client")).isNull();
  }

  @Test
  void emptyClientIdWithCleanSessionInV311IsAccepted() { // [MQTT-3.1.3-6] (3.1.1)
    TestClient c = broker.client();
    Connack ack = c.connect(V3_1_1, "", true);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.V3_ACCEPTED);
    assertThat(ack.properties().isEmpty()).as("3.1.1 CONNACK has no properties").isTrue();
    assertThat(c.isClosed()).isFalse();
  }

  @Test
  void emptyClientIdWithoutCleanSessionInV311IsRejectedWith0x02() { // [MQTT-3.1.3-8] (3.1.1)
    TestClient c = broker.client();
    Connack ack = c.connect(V3_1_1, "", false);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.V3_IDENTIFIER_REJECTED);
    assertThat(ack.sessionPresent()).isFalse();
    assertThat(c.isClosed()).isTrue();
    assertThat(broker.core.sessions().size()).isZero();
  }

  @Test
  void emptyClientIdInV31IsRejected() { // MQTT 3.1: the Client Identifier is 1 to 23 characters
    TestClient c = broker.client();
    Connack ack = c.connect(V3_1, "", true);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.V3_IDENTIFIER_REJECTED);
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void tooLongClientIdIsRejected() { // [MQTT-3.1.3-5]: the server MAY refuse; 0x85 in 5, 0x02 in 3.1.1
    Settings s = Settings.defaults();
    s.maxClientIdLength = 8;
    reconfigure(s);
    TestClient v5 = broker.client();
    assertThat(v5.connect(V5, "123456789", true).reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
    assertThat(v5.isClosed()).isTrue();
    TestClient v3 = broker.client();
    assertThat(v3.connect(V3_1_1, "123456789", true).reasonCode()).isEqualTo(ReasonCode.V3_IDENTIFIER_REJECTED);
    assertThat(v3.isClosed()).isTrue();
    assertThat(broker.client().connect(V5, "12345678", true).reasonCode()).isZero();
  }

  @Test
  void willTopicWithWildcardIsRefused() { // [MQTT-3.3.2-2] applies to the will topic; 0x90 in CONNACK
    TestClient c = broker.client();
    Connack ack = c.connect(TestClient.connectPacket(V5, "w", true, 0, will("a/+", 0, false), MqttProperties.NONE));
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
    assertThat(c.isClosed()).isTrue(); // [MQTT-3.2.2-7]
  }

  @Test
  void willQosAboveMaximumIsRefusedWith0x9B() { // [MQTT-3.2.2-12]
    Settings s = Settings.defaults();
    s.maxQos = 1;
    reconfigure(s);
    TestClient c = broker.client();
    Connack ack = c.connect(TestClient.connectPacket(V5, "w", true, 0, will("w", 2, false), MqttProperties.NONE));
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void willRetainWhenRetainUnavailableIsRefusedWith0x9A() { // [MQTT-3.2.2-13]
    Settings s = Settings.defaults();
    s.retainAvailable = false;
    reconfigure(s);
    TestClient c = broker.client();
    Connack ack = c.connect(TestClient.connectPacket(V5, "w", true, 0, will("w", 0, true), MqttProperties.NONE));
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void authenticationMethodIsRefusedWith0x8C() { // MQTT 4.12: the server does not support the method
    TestClient c = broker.client();
    Connack ack = c.connect(V5, "a", true, props(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-1"));
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
    assertThat(ack.sessionPresent()).isFalse(); // [MQTT-3.2.2-6]
    assertThat(c.isClosed()).isTrue(); // [MQTT-3.2.2-7]
    assertThat(broker.core.sessions().size()).isZero();
  }

  @Test
  void secondConnectIsAProtocolError() { // [MQTT-3.1.0-2]
    TestClient c = broker.client();
    c.connectOk(V5, "twice", true);
    c.send(TestClient.connectPacket(V5, "twice", true));
    c.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
    c.expectNothing();
  }

  @Test
  void secondConnectInV311ClosesWithoutAPacket() { // [MQTT-3.1.0-2]
    TestClient c = broker.client();
    c.connectOk(V3_1_1, "twice", true);
    c.send(TestClient.connectPacket(V3_1_1, "twice", true));
    assertThat(c.isClosed()).isTrue();
    c.expectNothing();
  }

  @Test
  void firstPacketOtherThanConnectClosesAndReleasesIt() { // [MQTT-3.1.0-1]
    TestClient c = broker.client();
    c.send(new Publish("t", 0, false, false, 0, MqttProperties.NONE, broker.payload("early")));
    assertThat(c.isClosed()).isTrue();
    assertThat(c.out.all()).noneMatch(p -> p instanceof Connack && ((Connack) p).reasonCode() == 0);
  }

  @Test
  void connackPropertiesOfTheDefaultsAreTruthful() { // [MQTT-3.2.2-9] and the CONNACK properties of 3.2.2.3
    TestClient c = broker.client();
    Connack ack = c.connect(V5, "p", true, props(Property.SESSION_EXPIRY_INTERVAL, 60L));
    MqttProperties p = ack.properties();
    assertThat(p.intValue(Property.RECEIVE_MAXIMUM, -1)).isEqualTo(broker.settings.maxInflight());
    assertThat(p.longValue(Property.MAXIMUM_PACKET_SIZE, -1)).isEqualTo(broker.settings.maxPacketSize());
    assertThat(p.intValue(Property.TOPIC_ALIAS_MAXIMUM, -1)).isEqualTo(broker.settings.maxTopicAlias());
    assertThat(p.has(Property.MAXIMUM_QOS)).as("QoS 2 supported: no Maximum QoS").isFalse();
    assertThat(p.has(Property.RETAIN_AVAILABLE)).isFalse();
    assertThat(p.has(Property.WILDCARD_SUBSCRIPTION_AVAILABLE)).isFalse();
    assertThat(p.has(Property.SHARED_SUBSCRIPTION_AVAILABLE)).isFalse();
    assertThat(p.has(Property.SESSION_EXPIRY_INTERVAL)).as("the requested expiry is kept").isFalse();
    assertThat(p.has(Property.ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
    assertThat(p.has(Property.SERVER_KEEP_ALIVE)).isFalse();
    assertThat(broker.session("p").expiryIntervalSeconds()).isEqualTo(60);
  }

  @Test
  void connackPropertiesOfRestrictedSettingsAreTruthfulAndEnforced() { // [MQTT-3.2.2-9] [MQTT-3.2.2-21]
    Settings s = Settings.defaults();
    s.maxQos = 1;
    s.retainAvailable = false;
    s.wildcardSubscription = false;
    s.sharedSubscription = false;
    s.serverKeepAlive = 30;
    s.sessionExpiryInterval = 100;
    s.maxTopicAlias = 0;
    reconfigure(s);
    TestClient c = broker.client();
    Connack ack = c.connect(TestClient.connectPacket(V5, "r", true, 600, null,
        props(Property.SESSION_EXPIRY_INTERVAL, 1000L)));
    MqttProperties p = ack.properties();
    assertThat(p.intValue(Property.MAXIMUM_QOS, -1)).isEqualTo(1);
    assertThat(p.intValue(Property.RETAIN_AVAILABLE, -1)).isZero();
    assertThat(p.intValue(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, -1)).isZero();
    assertThat(p.intValue(Property.SHARED_SUBSCRIPTION_AVAILABLE, -1)).isZero();
    assertThat(p.intValue(Property.SERVER_KEEP_ALIVE, -1)).isEqualTo(30);
    assertThat(p.longValue(Property.SESSION_EXPIRY_INTERVAL, -1)).isEqualTo(100);
    assertThat(p.has(Property.TOPIC_ALIAS_MAXIMUM)).as("0 is the default: absent").isFalse();
    // ... and the server behaves as it said
    assertThat(c.out.readTimeout()).as("Server Keep Alive 30 s × 1.5").isEqualTo(45_000);
    assertThat(broker.session("r").expiryIntervalSeconds()).isEqualTo(100);
    Suback sub = c.subscribe(MqttProperties.NONE, Subscription.of("a/+", 2), Subscription.of("$share/g/a", 2),
        Subscription.of("a/b", 2));
    assertThat(sub.reasonCodes()).containsExactly(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
        ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, ReasonCode.GRANTED_QOS_1);
    c.publish("a/b", 2, "too high");
    c.expectDisconnect(ReasonCode.QOS_NOT_SUPPORTED); // 3.3.1.2: QoS above Maximum QoS → 0x9B
  }

  @Test
  void retainedPublishWhenRetainUnavailableIsDisconnectedWith0x9A() { // [MQTT-3.2.2-14]
    Settings s = Settings.defaults();
    s.retainAvailable = false;
    reconfigure(s);
    TestClient c = broker.client();
    c.connectOk(V5, "r", true);
    c.publish("t", 0, true, "kept?");
    c.expectDisconnect(ReasonCode.RETAIN_NOT_SUPPORTED);
    assertThat(broker.core.retained().size()).isZero();
  }

  @Test
  void topicAliasMaximumIsAdvertisedOnlyWhenAliasesAreOn() { // 3.2.2.3.8
    TestClient c = broker.client();
    assertThat(c.connect(V3_1_1, "v3", true).properties().isEmpty()).isTrue();
  }

  @Test
  void keepAliveSetsTheReadTimeoutToOneAndAHalfTimes() { // [MQTT-3.1.2-22] (5.0), [MQTT-3.1.2-24] (3.1.1)
    TestClient c = broker.client();
    c.connect(TestClient.connectPacket(V3_1_1, "k", true, 60, null, MqttProperties.NONE));
    assertThat(c.out.readTimeout()).isEqualTo(90_000);
    TestClient off = broker.client();
    off.connect(TestClient.connectPacket(V5, "k0", true, 0, null, MqttProperties.NONE));
    assertThat(off.out.readTimeout()).as("Keep Alive 0: no timeout").isZero();
  }

  @Test
  void pingReqIsAnsweredWithPingResp() { // [MQTT-3.12.4-1]
    TestClient c = broker.client();
    c.connectOk(V3_1_1, "ping", true);
    c.send(PingReq.INSTANCE);
    c.expect(PingResp.class);
  }

  @Test
  void authPacketWithoutAuthenticationMethodIsAProtocolError() { // [MQTT-4.12.0-1]
    TestClient c = broker.client();
    c.connectOk(V5, "auth", true);
    c.send(new Auth(ReasonCode.RE_AUTHENTICATE, MqttProperties.NONE));
    c.expectDisconnect(ReasonCode.PROTOCOL_ERROR);
  }

  @Test
  void readTimeoutBeforeConnectClosesWithoutConnack() { // CONNECT timeout (MQTT 4.8: server MAY close)
    TestClient c = broker.client();
    c.readTimeout();
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void refusedConnectLeavesNoSessionAndSendsNothingMore() { // [MQTT-3.2.2-7]
    TestClient c = broker.client();
    Connect bad = TestClient.connectPacket(V5, "x", true, 0, will("#", 0, false), MqttProperties.NONE);
    assertThat(c.connect(bad).reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
    c.send(new Publish("t", 0, false, false, 0, MqttProperties.NONE, broker.payload("after close")));
    c.expectNothing();
    assertThat(broker.core.sessions().size()).isZero();
  }
}
