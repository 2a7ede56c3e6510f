package io.berth.it;

import static io.berth.it.SecurityFixtures.connackReason;
import static io.berth.it.SecurityFixtures.q;
import static io.berth.it.SecurityFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.core.security.password.ScramAlgorithm;
import io.berth.core.security.password.Scheme;
import io.berth.core.security.scram.ScramClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication end to end, with real clients over real sockets, one broker with several listeners:
 * <ul>
 *   <li>tcp:default: the global chain [jwt (HS256), password_based, scram] with allow_anonymous = false;
 *   <li>tcp:local: no providers, anonymous from loopback; tcp:open: enable_authn = false; tcp:quick:
 *       enable_authn = quick_deny_anonymous with allow_anonymous = true;
 *   <li>ssl:cert: mutual TLS with {mechanism = cert}; ssl:twofactor: verify_peer without fail_if_no_peer_cert and
 *       {mechanism = cert_and_password, match = cn}.
 * </ul>
 * The user file holds bcrypt users, a Mosquitto $7$ line, a superuser and a SCRAM-SHA-256 credential.
 */
class AuthenticationTest {
  static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";
  @TempDir static Path dir;
  static Path users;
  static TestPki pki;
  static RunningBroker broker;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    users = SecurityFixtures.write(dir.resolve("passwd"), "# test users\n"
        + user("alice", Scheme.BCRYPT, "alice-pw", false)
        + user("bob", Scheme.MOSQUITTO_PBKDF2, "bob-pw", false)
        + user("root", Scheme.BCRYPT, "root-pw", true)
        + user("sam", Scheme.SCRAM_SHA_256, "sam-pw", false)
        + user(TestPki.CLIENT_CN, Scheme.BCRYPT, "device-pw", false));
    assertThat(Files.readString(users)).contains("bob:$7$");
    String file = q(users);
    broker = RunningBroker.fromConfig(dir, "listeners.ws.default.enable = false\n"
        + "authentication = [\n"
        + "  {mechanism = jwt, algorithm = hmac-based, secret = \"" + SECRET + "\"}\n"
        + "  {mechanism = password_based, user_file = " + file + "}\n"
        + "  {mechanism = scram, user_file = " + file + ", algorithm = sha256}\n"
        + "]\n"
        + "allow_anonymous = false\n"
        + "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "listeners.tcp.local { bind = \"127.0.0.1:0\", authentication = [], allow_anonymous = loopback }\n"
        + "listeners.tcp.open { bind = \"127.0.0.1:0\", enable_authn = false }\n"
        + "listeners.tcp.quick { bind = \"127.0.0.1:0\", enable_authn = quick_deny_anonymous,"
        + " allow_anonymous = true }\n"
        + "listeners.ssl.cert { bind = \"127.0.0.1:0\", "
        + pki.sslOptions(", verify = verify_peer, fail_if_no_peer_cert = true")
        + ", authentication = [{mechanism = cert}] }\n"
        + "listeners.ssl.twofactor { bind = \"127.0.0.1:0\", " + pki.sslOptions(", verify = verify_peer")
        + ", authentication = [{mechanism = cert_and_password, user_file = " + file + ", match = cn}] }\n");
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static int port(String listener) {
    return broker.port(listener);
  }

  static MqttConnectionOptions v5(String username, String password) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setConnectionTimeout(10);
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    return o;
  }

  /** Paho v5 on tcp:default: null when accepted (and then disconnected), else the CONNACK reason it reported. */
  static Integer pahoV5(String username, String password) throws Exception {
    String id = Ids.client("p5");
    try (Paho5 c = new Paho5(broker.uri(), id)) {
      c.connect(v5(username, password));
      assertThat(c.client.isConnected()).isTrue();
      return null;
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  /** Paho v3 (3.1.1) on tcp:default: null when accepted, else the reason code of its exception. */
  static Integer pahoV3(String username, String password) throws Exception {
    MqttClient c = new MqttClient(broker.uri(), Ids.client("p3"), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setConnectionTimeout(10);
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.toCharArray());
    }
    try {
      c.connect(o);
      c.disconnect();
      return null;
    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
      return e.getReasonCode();
    } finally {
      c.close();
    }
  }

  @Test
  void passwordFileUsersLogInWithTheRightPasswordOnly() throws Exception {
    // bcrypt and Mosquitto $7$ users, MQTT 5 and 3.1.1
    for (String[] u : new String[][] {{"alice", "alice-pw"}, {"bob", "bob-pw"}}) {
      assertThat(pahoV5(u[0], u[1])).as("Paho v5 %s", u[0]).isNull();
      assertThat(pahoV3(u[0], u[1])).as("Paho v3 %s", u[0]).isNull();
      assertThat(pahoV5(u[0], "wrong")).as("Paho v5 %s wrong password", u[0])
          .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
      assertThat(pahoV3(u[0], "wrong")).as("Paho v3 %s wrong password", u[0])
          .isEqualTo((int) org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }
    // an unknown user gets the same answer as a wrong password
    assertThat(pahoV5("nobody", "alice-pw")).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(pahoV3("nobody", "alice-pw"))
        .isEqualTo((int) org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    // the exact CONNACK codes on the wire
    int p = port("tcp:default");
    assertThat(connackReason(p, MqttVersion.V5, "alice", "wrong")).isEqualTo(0x86);
    assertThat(connackReason(p, MqttVersion.V5, "nobody", "wrong")).isEqualTo(0x86);
    assertThat(connackReason(p, MqttVersion.V3_1_1, "bob", "wrong")).isEqualTo(0x04);
    assertThat(connackReason(p, MqttVersion.V3_1_1, "nobody", "wrong")).isEqualTo(0x04);
    assertThat(connackReason(p, MqttVersion.V5, "bob", "bob-pw")).isZero();
  }

  @Test
  void mosquittoPubWithAndWithoutTheRightPassword() {
    String p = String.valueOf(port("tcp:default"));
    for (String v : new String[] {"mqttv5", "mqttv311"}) {
      Mosquitto.Result ok = Mosquitto.run(20, "mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-V", v, "-u", "bob",
          "-P", "bob-pw", "-t", "a/b", "-m", "hi", "-q", "1");
      assertThat(ok.exitCode()).as("%s: %s", v, ok.stderr()).isZero();
      Mosquitto.Result bad = Mosquitto.run(20, "mosquitto_pub", "-h", "127.0.0.1", "-p", p, "-V", v, "-u", "bob",
          "-P", "nope", "-t", "a/b", "-m", "hi", "-q", "1");
      assertThat(bad.exitCode()).as(v).isNotZero();
      assertThat(bad.stderr().toLowerCase()).as(v).contains("bad user name or password");
    }
  }

  @Test
  void theSuperuserFlagIsRead() throws Exception {
    for (String[] u : new String[][] {{"root", "root-pw", "true"}, {"alice", "alice-pw", "false"}}) {
      String id = Ids.client(u[0]);
      try (Paho5 c = new Paho5(broker.uri(), id)) {
        c.connect(v5(u[0], u[1]));
        assertThat(SecurityFixtures.identity(broker, id).superuser()).as(u[0]).isEqualTo(Boolean.parseBoolean(u[2]));
        assertThat(SecurityFixtures.identity(broker, id).username()).isEqualTo(u[0]);
      }
    }
  }

  @Test
  void eachListenerHasItsOwnChain() {
    // tcp:default: allow_anonymous = false
    assertThat(connackReason(port("tcp:default"), MqttVersion.V5, null, null)).isEqualTo(0x87);
    assertThat(connackReason(port("tcp:default"), MqttVersion.V3_1_1, null, null)).isEqualTo(0x05);
    // tcp:local: no providers, anonymous from this machine
    assertThat(connackReason(port("tcp:local"), MqttVersion.V5, null, null)).isZero();
    assertThat(connackReason(port("tcp:local"), MqttVersion.V3_1_1, null, null)).isZero();
    // tcp:open: enable_authn = false lets everyone in, whatever they send
    assertThat(connackReason(port("tcp:open"), MqttVersion.V5, null, null)).isZero();
    assertThat(connackReason(port("tcp:open"), MqttVersion.V5, "alice", "wrong")).isZero();
    assertThat(connackReason(port("tcp:open"), MqttVersion.V3_1_1, "nobody", "x")).isZero();
  }

  @Test
  void quickDenyAnonymousRefusesClientsWithoutCredentials() {
    int p = port("tcp:quick");
    assertThat(connackReason(p, MqttVersion.V5, null, null)).isEqualTo(0x87);
    assertThat(connackReason(p, MqttVersion.V3_1_1, null, null)).isEqualTo(0x05);
    assertThat(connackReason(p, MqttVersion.V5, "alice", "alice-pw")).isZero();
    assertThat(connackReason(p, MqttVersion.V5, "alice", "wrong")).isEqualTo(0x86);
  }

  static String token(String subject, Instant expires, boolean superuser) throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires));
    if (superuser) {
      claims.claim("is_superuser", true);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  @Test
  void jwtAsPasswordAndTheChainOrder() throws Exception {
    String good = token("dev-1", Instant.now().plus(Duration.ofHours(1)), false);
    assertThat(pahoV5("dev-1", good)).as("a valid HS256 token").isNull();
    assertThat(pahoV3("dev-1", good)).as("a valid HS256 token, 3.1.1").isNull();
    String id = Ids.client("jwt-su");
    try (Paho5 c = new Paho5(broker.uri(), id)) {
      c.connect(v5("dev-2", token("dev-2", Instant.now().plus(Duration.ofHours(1)), true)));
      assertThat(SecurityFixtures.identity(broker, id).superuser()).as("is_superuser claim").isTrue();
    }
    int p = port("tcp:default");
    String expired = token("dev-1", Instant.now().minus(Duration.ofMinutes(10)), false);
    assertThat(connackReason(p, MqttVersion.V5, "dev-1", expired)).as("expired").isEqualTo(0x86);
    assertThat(connackReason(p, MqttVersion.V3_1_1, "dev-1", expired)).as("expired, 3.1.1").isEqualTo(0x04);
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertThat(connackReason(p, MqttVersion.V5, "dev-1", tampered)).as("bad signature").isEqualTo(0x86);
    // JWT first in the chain: a password that is not a JWT falls through to the password file
    assertThat(connackReason(p, MqttVersion.V5, "alice", "alice-pw")).isZero();
    assertThat(pahoV5("alice", "alice-pw")).isNull();
  }

  /** CONNECT with SCRAM-SHA-256; returns the CONNACK, after answering the server's challenge. */
  static Connack scramConnect(RawClient c, String clientId, String user, String password, ScramClient scram)
      throws Exception {
    c.send(SecurityFixtures.connect(MqttVersion.V5, clientId, user, null, MqttProperties.builder()
        .set(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256")
        .set(Property.AUTHENTICATION_DATA, scram.clientFirst()).build()));
    Auth challenge = c.expect(Auth.class);
    assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
    assertThat(challenge.properties().string(Property.AUTHENTICATION_METHOD)).isEqualTo("SCRAM-SHA-256");
    byte[] fin = scram.clientFinal(challenge.properties().binary(Property.AUTHENTICATION_DATA));
    c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, MqttProperties.builder()
        .set(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256").set(Property.AUTHENTICATION_DATA, fin).build()));
    return c.expect(Connack.class);
  }

  @Test
  void scramSha256ExchangeAndReauthentication() throws Exception {
    String id = Ids.client("scram");
    try (RawClient c = SecurityFixtures.raw(port("tcp:default"))) {
      ScramClient scram = new ScramClient(ScramAlgorithm.SHA_256, "sam", "sam-pw".getBytes(StandardCharsets.UTF_8));
      Connack ack = scramConnect(c, id, "sam", "sam-pw", scram);
      assertThat(ack.reasonCode()).isZero();
      assertThat(ack.properties().string(Property.AUTHENTICATION_METHOD)).isEqualTo("SCRAM-SHA-256");
      scram.verifyServerFinal(ack.properties().binary(Property.AUTHENTICATION_DATA)); // the server knew the key
      assertThat(SecurityFixtures.identity(broker, id).username()).isEqualTo("sam");
      c.publishAndComplete("scram/t", 1, "after login");

      // MQTT 5 re-authentication on the connected client: AUTH 0x19, challenge, AUTH 0x18, AUTH 0x00
      ScramClient again = new ScramClient(ScramAlgorithm.SHA_256, "sam", "sam-pw".getBytes(StandardCharsets.UTF_8));
      c.send(new Auth(ReasonCode.RE_AUTHENTICATE, MqttProperties.builder()
          .set(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256")
          .set(Property.AUTHENTICATION_DATA, again.clientFirst()).build()));
      Auth challenge = c.expect(Auth.class);
      assertThat(challenge.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
      byte[] fin = again.clientFinal(challenge.properties().binary(Property.AUTHENTICATION_DATA));
      c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, MqttProperties.builder()
          .set(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256").set(Property.AUTHENTICATION_DATA, fin).build()));
      Auth done = c.expect(Auth.class);
      assertThat(done.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
      again.verifyServerFinal(done.properties().binary(Property.AUTHENTICATION_DATA));
      c.publishAndComplete("scram/t", 1, "after re-authentication"); // still connected and served
      c.disconnect();
    }
  }

  @Test
  void scramWithAWrongPasswordOrAnUnknownUserIsRefused() throws Exception {
    for (String[] u : new String[][] {{"sam", "not-sams"}, {"nobody", "whatever"}, {"alice", "alice-pw"}}) {
      try (RawClient c = SecurityFixtures.raw(port("tcp:default"))) {
        ScramClient scram = new ScramClient(ScramAlgorithm.SHA_256, u[0], u[1].getBytes(StandardCharsets.UTF_8));
        Connack ack = scramConnect(c, Ids.client("scram-bad"), u[0], u[1], scram);
        // alice has a bcrypt hash, no SCRAM credential: not revealed, the same answer as a wrong password
        assertThat(ack.reasonCode()).as(u[0]).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        c.expectClosed(RawClient.WAIT);
      }
    }
  }

  @Test
  void aFailedReauthenticationDisconnects() throws Exception {
    try (RawClient c = SecurityFixtures.raw(port("tcp:default"))) {
      ScramClient scram = new ScramClient(ScramAlgorithm.SHA_256, "sam", "sam-pw".getBytes(StandardCharsets.UTF_8));
      assertThat(scramConnect(c, Ids.client("scram-re"), "sam", "sam-pw", scram).reasonCode()).isZero();
      ScramClient wrong = new ScramClient(ScramAlgorithm.SHA_256, "sam", "guess".getBytes(StandardCharsets.UTF_8));
      c.send(new Auth(ReasonCode.RE_AUTHENTICATE, MqttProperties.builder()
          .set(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256")
          .set(Property.AUTHENTICATION_DATA, wrong.clientFirst()).build()));
      Auth challenge = c.expect(Auth.class);
      c.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, MqttProperties.builder()
          .set(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-256")
          .set(Property.AUTHENTICATION_DATA,
              wrong.clientFinal(challenge.properties().binary(Property.AUTHENTICATION_DATA))).build()));
      List<MqttPacket> last = c.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }
  }

  static MqttConnectionOptions tls(String cert, String username, String password) throws Exception {
    MqttConnectionOptions o = v5(username, password);
    o.setSocketFactory(pki.socketFactory(cert));
    return o;
  }

  static Integer pahoTls(String listener, String cert, String username, String password) throws Exception {
    String id = Ids.client("tls");
    try (Paho5 c = new Paho5("ssl://localhost:" + port(listener), id)) {
      c.connect(tls(cert, username, password));
      assertThat(c.client.isConnected()).isTrue();
      assertThat(SecurityFixtures.identity(broker, id).certCommonName()).isEqualTo(TestPki.CLIENT_CN);
      return null;
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  @Test
  void clientCertificateAlone() throws Exception {
    assertThat(pahoTls("ssl:cert", "good", null, null)).as("a certificate of the CA").isNull();
    // no certificate, or one of another CA: refused in the TLS handshake (Paho reports it as a failed connect)
    assertThat(pahoTls("ssl:cert", null, null, null)).as("no certificate").isNotNull();
    assertThat(pahoTls("ssl:cert", "rogue", null, null)).as("another CA's certificate").isNotNull();
  }

  @Test
  void certificateAndPasswordTogether() throws Exception {
    String cn = TestPki.CLIENT_CN;
    assertThat(pahoTls("ssl:twofactor", "good", cn, "device-pw")).as("certificate + right password").isNull();
    assertThat(pahoTls("ssl:twofactor", "good", cn, "wrong")).as("certificate + wrong password")
        .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(pahoTls("ssl:twofactor", "good", null, null)).as("certificate alone")
        .isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(pahoTls("ssl:twofactor", "good", "alice", "alice-pw")).as("a user name that is not the CN")
        .isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(pahoTls("ssl:twofactor", null, cn, "device-pw")).as("password without a certificate")
        .isEqualTo(ReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void aUserAddedWhileTheBrokerRunsLogsInAfterAReload() throws Exception {
    int p = port("tcp:default");
    assertThat(connackReason(p, MqttVersion.V5, "carol", "carol-pw")).isEqualTo(0x86);
    Files.writeString(users, Files.readString(users) + user("carol", Scheme.BCRYPT, "carol-pw", false));
    broker.server().reloadSecurityFiles();
    assertThat(connackReason(p, MqttVersion.V5, "carol", "carol-pw")).isZero();
    assertThat(connackReason(p, MqttVersion.V3_1_1, "carol", "carol-pw")).isZero();
    assertThat(connackReason(p, MqttVersion.V5, "carol", "wrong")).isEqualTo(0x86);
    assertThat(connackReason(p, MqttVersion.V5, "alice", "alice-pw")).as("the others stay").isZero();
  }
}
