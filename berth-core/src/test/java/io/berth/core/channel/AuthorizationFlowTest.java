package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.Will;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import io.berth.core.security.Authentication;
import io.berth.core.security.Authorizer;
import io.berth.core.security.ListenerSecurity;
import io.berth.core.security.acl.AuthorizationChain;
import io.berth.core.security.acl.AuthorizationSettings;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a client sees when authorization refuses a PUBLISH or a SUBSCRIBE (the answers of issue 6 and MQTT 5). */
class AuthorizationFlowTest extends BrokerTestBase {
  /** Nobody may publish under secret/ or subscribe to anything under it. */
  private static final Authorizer NO_SECRETS = (client, action, topic, qos, retain) ->
      topic.startsWith("secret") || topic.equals("#") ? Authorizer.Decision.DENY : Authorizer.Decision.ALLOW;

  private TestClient watcher;

  @BeforeEach
  void denySecrets() {
    use(false);
  }

  private void use(boolean disconnectOnDeny) {
    AuthorizationSettings settings = new AuthorizationSettings(AuthorizationSettings.NoMatch.ALLOW,
        disconnectOnDeny ? AuthorizationSettings.DenyAction.DISCONNECT : AuthorizationSettings.DenyAction.IGNORE,
        true, AuthorizationSettings.CacheSettings.defaults());
    broker.security = new ListenerSecurity(Authentication.disabled(),
        new AuthorizationChain(List.of(NO_SECRETS), settings));
    watcher = broker.client();
    watcher.connectOk(V5, "watcher", true);
    watcher.subscribe("+/#", 2); // would receive everything that is routed
  }

  @Test
  void deniedPublishesAreAnsweredWithNotAuthorizedAndNotRouted() {
    TestClient c = broker.client();
    c.connectOk(V5, "p5", true);
    int id1 = c.publish("secret/a", 1, "x");
    PubAck ack = c.expect(PubAck.class);
    assertThat(ack.packetId()).isEqualTo(id1);
    assertThat(ack.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    c.publish("secret/b", 2, "x");
    assertThat(c.expect(PubRec.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    c.publish("secret/c", 0, "x"); // dropped, counted
    c.publish("public/a", 1, "ok");
    assertThat(c.expect(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    watcher.expectPublish("public/a", "ok");
    watcher.expectNothing();
    assertThat(broker.core.counters().publishDeniedCount()).isEqualTo(3);
    assertThat(c.isClosed()).isFalse();
  }

  @Test
  void mqtt311ClientsGetTheirNormalAcknowledgement() { // 3.1.1 has no way to say "not authorized" in PUBACK
    TestClient c = broker.client();
    c.connectOk(V3_1_1, "p3", true);
    c.publish("secret/a", 1, "x");
    assertThat(c.expect(PubAck.class).reasonCode()).isZero();
    watcher.expectNothing();
  }

  @Test
  void deniedSubscriptionsGetTheFailureCodeOfTheirVersion() {
    TestClient v5 = broker.client();
    v5.connectOk(V5, "s5", true);
    assertThat(v5.subscribe("secret/#", 1).reasonCodes()).containsExactly(ReasonCode.NOT_AUTHORIZED);
    TestClient v3 = broker.client();
    v3.connectOk(V3_1_1, "s3", true);
    assertThat(v3.subscribe("#", 1).reasonCodes()).containsExactly(ReasonCode.V3_SUBACK_FAILURE);
    assertThat(v3.subscribe("public/#", 1).reasonCodes()).containsExactly(1);
    assertThat(broker.core.counters().subscribeDeniedCount()).isEqualTo(2);
  }

  @Test
  void denyActionDisconnectClosesThePublisher() {
    broker.closeAndCheckReferences();
    broker = new io.berth.core.harness.TestBroker();
    use(true);
    TestClient c = broker.client();
    c.connectOk(V5, "p5", true);
    c.publish("secret/a", 1, "x");
    assertThat(c.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(c.isClosed()).isTrue();
    watcher.expectNothing();
  }

  @Test
  void aWillToADeniedTopicIsDropped() {
    TestClient c = broker.client();
    Will will = new Will("secret/will", "gone".getBytes(StandardCharsets.UTF_8), 0, false, MqttProperties.NONE);
    c.connect(new Connect(V5, "w", true, 0, null, null, will, MqttProperties.NONE));
    c.drop(); // no DISCONNECT: a will would be published
    watcher.expectNothing();
  }
}
