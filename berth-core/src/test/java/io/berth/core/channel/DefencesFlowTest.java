package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connect;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.TestBroker;
import io.berth.core.harness.TestClient;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.Authentication;
import io.berth.core.security.Authenticator;
import io.berth.core.security.ListenerSecurity;
import io.berth.core.security.ban.AuthenticationBanSettings;
import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.FlappingSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bans at CONNECT (0x8A / 3.1.1 0x05), the brute-force ban of an address, and flapping detection. */
class DefencesFlowTest extends BrokerTestBase {
  /** Password "right" for everyone. */
  private static final Authenticator PASSWORDS = new Authenticator() {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public AuthResult authenticate(AuthRequest r) {
      return r.password() != null && new String(r.password(), StandardCharsets.UTF_8).equals("right")
          ? AuthResult.Allow.user() : AuthResult.Deny.badCredentials("wrong");
    }
  };

  private void useDefences(FlappingSettings flapping, AuthenticationBanSettings authBan) {
    broker.closeAndCheckReferences();
    broker = new TestBroker(flapping, authBan);
    broker.security = new ListenerSecurity(new Authentication(List.of(PASSWORDS), List.of(),
        Authentication.Anonymous.DENY, Authentication.Mode.ENABLED), ListenerSecurity.NO_AUTHORIZATION);
  }

  private int login(String address, String clientId, String password) {
    TestClient c = broker.client(0, ConnectionInfo.of("tcp:default", address));
    Connect connect = new Connect(V5, clientId, true, 0, "user", password.getBytes(StandardCharsets.UTF_8), null,
        MqttProperties.NONE);
    int reason = c.connect(connect).reasonCode();
    if (reason == 0) {
      c.disconnect();
    }
    return reason;
  }

  @Test
  void aBannedClientIdOrUserNameIsRefusedAtConnect() {
    broker.core.defences().banList().add(Ban.of(BanKind.CLIENTID, "bad-dev", "test", "test", 0, Ban.FOREVER));
    broker.core.defences().banList().add(Ban.of(BanKind.USERNAME, "mallory", "test", "test", 0, Ban.FOREVER));
    assertThat(broker.client().connect(V5, "bad-dev", true).reasonCode()).isEqualTo(ReasonCode.BANNED);
    assertThat(broker.client().connect(V3_1_1, "bad-dev", true).reasonCode())
        .isEqualTo(ReasonCode.V3_NOT_AUTHORIZED);
    Connect asMallory = new Connect(V5, "fine", true, 0, "mallory", null, null, MqttProperties.NONE);
    assertThat(broker.client().connect(asMallory).reasonCode()).isEqualTo(ReasonCode.BANNED);
    assertThat(broker.client().connect(V5, "good-dev", true).reasonCode()).isZero();
    assertThat(broker.session("bad-dev")).isNull();
  }

  @Test
  void repeatedWrongPasswordsBanTheAddress() {
    useDefences(FlappingSettings.DISABLED, new AuthenticationBanSettings(true, 3, 60_000, 600_000));
    for (int i = 0; i < 4; i++) { // the fourth failure is one past max_failures = 3
      assertThat(login("203.0.113.5:" + (1000 + i), "guess" + i, "wrong"))
          .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
    // the address is banned now: even the right password is refused
    assertThat(login("203.0.113.5:2000", "guess", "right")).isEqualTo(ReasonCode.BANNED);
    assertThat(login("203.0.113.6:2000", "other", "right")).isZero(); // other addresses are not
    broker.advance(600_000);
    assertThat(login("203.0.113.5:3000", "guess", "right")).isZero(); // the ban expired
  }

  @Test
  void aClientIdThatConnectsTooOftenIsBannedForAWhile() {
    useDefences(new FlappingSettings(true, 3, 60_000, 300_000), AuthenticationBanSettings.DISABLED);
    for (int i = 0; i < 3; i++) {
      assertThat(login("127.0.0.1:" + (1000 + i), "flappy", "right")).isZero();
    }
    assertThat(login("127.0.0.1:2000", "flappy", "right")).isEqualTo(ReasonCode.BANNED);
    assertThat(login("127.0.0.1:2001", "steady", "right")).isZero();
    broker.advance(300_000);
    assertThat(login("127.0.0.1:2002", "flappy", "right")).isZero();
  }

  @Test
  void failedLoginsDoNotCountAsFlapping() { // nobody can get another client's id banned without its password
    useDefences(new FlappingSettings(true, 3, 60_000, 300_000), AuthenticationBanSettings.DISABLED);
    for (int i = 0; i < 5; i++) {
      login("203.0.113.9:" + (1000 + i), "victim", "wrong");
    }
    assertThat(login("127.0.0.1:1", "victim", "right")).isZero();
  }
}
