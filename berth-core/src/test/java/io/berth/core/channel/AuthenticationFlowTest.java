package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.PingReq;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestClient;
import io.berth.core.security.AuthExchange;
import io.berth.core.security.AuthResult;
import io.berth.core.security.AuthStep;
import io.berth.core.security.Authentication;
import io.berth.core.security.Authenticator;
import io.berth.core.security.EnhancedAuthenticator;
import io.berth.core.security.ListenerSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONNECT through the authentication chain, and MQTT 5 enhanced authentication (MQTT 4.12). */
class AuthenticationFlowTest extends BrokerTestBase {
  private static final String METHOD = "TEST-CHALLENGE";

  /** Knows one user, alice/secret; says "not mine" to clients without a user name. */
  private static final Authenticator ALICE = new Authenticator() {
    @Override
    public String name() {
      return "alice-only";
    }

    @Override
    public AuthResult authenticate(io.berth.core.security.AuthRequest r) {
      if (r.username() == null) {
        return AuthResult.IGNORE;
      }
      boolean ok = r.username().equals("alice") && Arrays.equals(r.password(), bytes("secret"));
      return ok ? new AuthResult.Allow(true, Map.of("role", "admin")) : AuthResult.Deny.badCredentials("bad");
    }
  };

  /** A two-step challenge-response: "hello" → challenge "nonce"; "nonce-signed" → success "welcome". */
  private static final EnhancedAuthenticator CHALLENGE = new EnhancedAuthenticator() {
    @Override
    public String method() {
      return METHOD;
    }

    @Override
    public AuthExchange start(io.berth.core.security.AuthRequest request) {
      return new AuthExchange() {
        int step;

        @Override
        public AuthStep step(byte[] data) {
          String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
          if (step++ == 0) {
            return text.equals("hello") ? new AuthStep.Continue(bytes("nonce"))
                : new AuthStep.Failure(ReasonCode.NOT_AUTHORIZED, "no hello");
          }
          return text.equals("nonce-signed")
              ? new AuthStep.Success(bytes("welcome"), AuthResult.Allow.user())
              : new AuthStep.Failure(ReasonCode.NOT_AUTHORIZED, "bad signature");
        }
      };
    }
  };

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void secure(Authentication authn) {
    broker.security = new ListenerSecurity(authn, ListenerSecurity.NO_AUTHORIZATION);
  }

  private TestClient clientFrom(String address) {
    return broker.client(0, ConnectionInfo.of("tcp:default", address));
  }

  private static Connect login(MqttVersion v, String user, String password) {
    return new Connect(v, "c1", true, 0, user, password == null ? null : bytes(password), null, MqttProperties.NONE);
  }

  @Test
  void anonymousClientsAreLetInFromLoopbackOnlyByDefault() {
    secure(Authentication.loopbackOnly());
    assertThat(clientFrom("127.0.0.1:5000").connect(V5, "local", true).reasonCode()).isZero();
    assertThat(clientFrom("[::1]:5000").connect(V5, "local6", true).reasonCode()).isZero();
    TestClient remote = clientFrom("203.0.113.7:5000");
    assertThat(remote.connect(V5, "remote", true).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(remote.isClosed()).isTrue();
    TestClient remoteV3 = clientFrom("203.0.113.8:5000");
    assertThat(remoteV3.connect(V3_1_1, "remote3", true).reasonCode()).isEqualTo(ReasonCode.V3_NOT_AUTHORIZED);
    assertThat(broker.session("remote")).isNull();
    assertThat(broker.core.counters().connectRefusedCount()).isEqualTo(2);
  }

  @Test
  void theChainAnswersWithTheSpecsReasonCodes() {
    secure(new Authentication(List.of(ALICE), List.of(), Authentication.Anonymous.DENY,
        Authentication.Mode.ENABLED));
    TestClient good = clientFrom("203.0.113.7:1");
    assertThat(good.connect(login(V5, "alice", "secret")).reasonCode()).isZero();
    assertThat(good.channel.identity().superuser()).isTrue();
    assertThat(good.channel.identity().attributes()).containsEntry("role", "admin");
    assertThat(clientFrom("203.0.113.7:2").connect(login(V5, "alice", "wrong")).reasonCode())
        .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(clientFrom("203.0.113.7:3").connect(login(V3_1_1, "alice", "wrong")).reasonCode())
        .isEqualTo(ReasonCode.V3_BAD_USER_NAME_OR_PASSWORD);
    // no credentials: nobody claims the client, and anonymous clients are denied
    assertThat(clientFrom("127.0.0.1:4").connect(login(V5, null, null)).reasonCode())
        .isEqualTo(ReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void quickDenyAnonymousRefusesBeforeTheChain() {
    secure(new Authentication(List.of(ALICE), List.of(), Authentication.Anonymous.ALLOW,
        Authentication.Mode.QUICK_DENY_ANONYMOUS));
    assertThat(clientFrom("127.0.0.1:1").connect(login(V5, null, null)).reasonCode())
        .isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(clientFrom("127.0.0.1:2").connect(login(V5, "alice", "secret")).reasonCode()).isZero();
  }

  @Test
  void aFailingProviderRefusesThatClientOnly() {
    Authenticator broken = new Authenticator() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public AuthResult authenticate(io.berth.core.security.AuthRequest r) {
        throw new IllegalStateException("key file unreadable");
      }
    };
    secure(new Authentication(List.of(broken), List.of(), Authentication.Anonymous.ALLOW,
        Authentication.Mode.ENABLED));
    TestClient c = clientFrom("127.0.0.1:1");
    assertThat(c.connect(login(V5, "bob", "x")).reasonCode()).isEqualTo(ReasonCode.UNSPECIFIED_ERROR);
    assertThat(c.isClosed()).isTrue();
  }

  private TestClient challengeClient() {
    secure(new Authentication(List.of(), List.of(CHALLENGE), Authentication.Anonymous.DENY,
        Authentication.Mode.ENABLED));
    return clientFrom("203.0.113.9:1");
  }

  private static MqttProperties auth(String data) {
    return MqttProperties.builder().set(Property.AUTHENTICATION_METHOD, METHOD)
        .set(Property.AUTHENTICATION_DATA, bytes(data)).build();
  }

  @Test
  void enhancedAuthenticationExchangesAuthPacketsBeforeConnack() { // MQTT 4.12
    TestClient c = challengeClient();
    c.send(TestClient.connectPacket(V5, "e1", true, 0, null, auth("hello")));
    Auth challenge = c.expect(Auth.class);
    assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
    assertThat(challenge.properties().string(Property.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
    assertThat(challenge.properties().binary(Property.AUTHENTICATION_DATA)).isEqualTo(bytes("nonce"));
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("nonce-signed")));
    Connack ack = c.expect(Connack.class);
    assertThat(ack.reasonCode()).isZero();
    assertThat(ack.properties().string(Property.AUTHENTICATION_METHOD)).isEqualTo(METHOD);
    assertThat(ack.properties().binary(Property.AUTHENTICATION_DATA)).isEqualTo(bytes("welcome"));
  }

  @Test
  void aFailedExchangeGetsConnackWithItsReason() {
    TestClient c = challengeClient();
    c.send(TestClient.connectPacket(V5, "e1", true, 0, null, auth("hello")));
    c.expect(Auth.class);
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("forged")));
    assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void anUnknownMethodIsRefusedWithBadAuthenticationMethod() {
    TestClient c = challengeClient();
    MqttProperties other = MqttProperties.builder().set(Property.AUTHENTICATION_METHOD, "GS2-KRB5").build();
    assertThat(c.connect(TestClient.connectPacket(V5, "e1", true, 0, null, other)).reasonCode())
        .isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
  }

  @Test
  void onlyAuthOrDisconnectMayComeDuringTheExchange() { // [MQTT-3.1.2-30]
    TestClient c = challengeClient();
    c.send(TestClient.connectPacket(V5, "e1", true, 0, null, auth("hello")));
    c.expect(Auth.class);
    c.send(PingReq.INSTANCE);
    assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void anAuthWithAnotherMethodIsAProtocolError() { // [MQTT-4.12.1-1]
    TestClient c = challengeClient();
    c.send(TestClient.connectPacket(V5, "e1", true, 0, null, auth("hello")));
    c.expect(Auth.class);
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION,
        MqttProperties.builder().set(Property.AUTHENTICATION_METHOD, "OTHER").build()));
    assertThat(c.expect(Connack.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
  }

  private TestClient connectedWithChallenge() {
    TestClient c = challengeClient();
    c.send(TestClient.connectPacket(V5, "e1", true, 0, null, auth("hello")));
    c.expect(Auth.class);
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("nonce-signed")));
    assertThat(c.expect(Connack.class).reasonCode()).isZero();
    return c;
  }

  @Test
  void reauthenticationRunsTheExchangeAgainWhileConnected() { // MQTT 4.12.1
    TestClient c = connectedWithChallenge();
    c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth("hello")));
    assertThat(c.expect(Auth.class).reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("nonce-signed")));
    Auth done = c.expect(Auth.class);
    assertThat(done.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    assertThat(done.properties().binary(Property.AUTHENTICATION_DATA)).isEqualTo(bytes("welcome"));
    assertThat(c.isClosed()).isFalse();
  }

  @Test
  void aFailedReauthenticationDisconnects() { // [MQTT-4.12.1-2]
    TestClient c = connectedWithChallenge();
    c.send(new Auth(ReasonCode.RE_AUTHENTICATE, auth("hello")));
    c.expect(Auth.class);
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("forged")));
    assertThat(c.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void continueWithoutAnExchangeIsAProtocolError() {
    TestClient c = connectedWithChallenge();
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, auth("nonce-signed")));
    assertThat(c.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
  }
}
