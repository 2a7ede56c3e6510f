package io.berth.it;

import static io.berth.it.SecurityFixtures.q;
import static io.berth.it.SecurityFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.core.security.password.Scheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authorization end to end: the same policy written as an EMQX acl.conf and as a Mosquitto acl_file, each on its own
 * broker, checked with MQTT 5 and 3.1.1 clients ({@code open/#} for everyone, {@code ro/#} read only, each user's
 * {@code users/<username>/#} and each client's {@code clients/<clientid>/#}, nothing else: no_match = deny); root is a
 * superuser. A third broker has deny_action = disconnect and an ACL file edited while it runs.
 */
class AuthorizationTest {
  static final String EMQX = "{allow, all, all, [\"open/#\"]}.\n"
      + "{allow, all, subscribe, [\"ro/#\"]}.\n"
      + "{allow, all, all, [\"users/${username}/#\", \"clients/${clientid}/#\"]}.\n";
  static final String MOSQUITTO = "# the same policy, Mosquitto's way\n"
      + "pattern readwrite open/#\n"
      + "pattern read ro/#\n"
      + "pattern readwrite users/%u/#\n"
      + "pattern readwrite clients/%c/#\n";

  @TempDir static Path dir;
  static RunningBroker emqx;
  static RunningBroker mosquitto;
  static RunningBroker strict;
  static Path strictAcl;

  static RunningBroker broker(Path home, String acl, String format, String extra) throws Exception {
    Files.createDirectories(home);
    Path users = SecurityFixtures.write(home.resolve("passwd"), user("alice", Scheme.BCRYPT, "alice-pw", false)
        + user("bob", Scheme.BCRYPT, "bob-pw", false) + user("root", Scheme.BCRYPT, "root-pw", true));
    Path aclFile = SecurityFixtures.write(home.resolve("acl"), acl);
    return RunningBroker.fromConfig(home, "listeners.ws.default.enable = false\n"
        + "authentication = [{mechanism = password_based, user_file = " + q(users) + "}]\n"
        + "allow_anonymous = false\n"
        + "authorization { sources = [{type = file, path = " + q(aclFile) + ", format = " + format + "}]"
        + extra + " }\n"
        + "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n");
  }

  @BeforeAll
  static void start() throws Exception {
    emqx = broker(dir.resolve("emqx"), EMQX, "emqx", "");
    mosquitto = broker(dir.resolve("mosquitto"), MOSQUITTO, "mosquitto", "");
    strict = broker(dir.resolve("strict"), EMQX, "auto", ", deny_action = disconnect, no_match = deny");
    strictAcl = dir.resolve("strict").resolve("acl");
  }

  @AfterAll
  static void stop() {
    for (RunningBroker b : new RunningBroker[] {emqx, mosquitto, strict}) {
      if (b != null) {
        b.close();
      }
    }
  }

  static RunningBroker of(String format) {
    return format.equals("emqx") ? emqx : mosquitto;
  }

  static RawClient login(Broker b, MqttVersion v, String clientId, String user) {
    RawClient c = RawClient.open(b);
    Connack ack = c.connect(SecurityFixtures.connect(v, clientId, user, user + "-pw", MqttProperties.NONE));
    assertThat(ack.reasonCode()).as("CONNACK of %s", user).isZero();
    return c;
  }

  static Publish publish(String topic, int qos, int id, String payload) {
    return new Publish(topic, qos, false, false, id, MqttProperties.NONE, Packets.utf8(payload));
  }

  /** Root (a superuser) watching everything under the topic roots of a test. */
  static RawClient watcher(Broker b, String... filters) {
    RawClient w = login(b, MqttVersion.V5, Ids.client("root"), "root");
    int id = 1;
    for (String f : filters) {
      assertThat(w.subscribe(id++, f, 1).reasonCodes()).containsExactly(1);
    }
    return w;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"emqx", "mosquitto"})
  void mqtt5PublishesAllowedAndDenied(String format) {
    Broker b = of(format);
    String r = Ids.topicRoot();
    try (RawClient w = watcher(b, "ro/" + r + "/#", "open/" + r + "/#", "secret/" + r + "/#");
        RawClient alice = login(b, MqttVersion.V5, Ids.client("a5"), "alice")) {
      alice.send(publish("ro/" + r + "/q1", 1, 11, "denied"));
      PubAck ack = alice.expect(PubAck.class);
      assertThat(ack.packetId()).isEqualTo(11);
      assertThat(ack.reasonCode()).as("PUBACK for a denied QoS 1").isEqualTo(0x87);
      alice.send(publish("secret/" + r + "/q2", 2, 12, "denied"));
      PubRec rec = alice.expect(PubRec.class);
      assertThat(rec.reasonCode()).as("PUBREC for a denied QoS 2 (no rule: no_match = deny)").isEqualTo(0x87);
      alice.send(publish("ro/" + r + "/q0", 0, 0, "denied"));
      alice.send(publish("open/" + r + "/ok", 1, 13, "allowed"));
      PubAck ok = alice.expect(PubAck.class);
      assertThat(ok.reasonCode()).isZero();
      List<MqttPacket> got = w.readExactly(1, Duration.ofMillis(300));
      assertThat(got).singleElement().isInstanceOfSatisfying(Publish.class, p -> {
        assertThat(p.topic()).isEqualTo("open/" + r + "/ok");
        assertThat(Packets.text(p)).isEqualTo("allowed");
      });
      alice.expectSilence(Duration.ofMillis(100)); // still connected: deny_action = ignore
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"emqx", "mosquitto"})
  void mqtt311DeniedPublishesAreAcknowledgedButNotDelivered(String format) {
    Broker b = of(format);
    String r = Ids.topicRoot();
    try (RawClient w = watcher(b, "ro/" + r + "/#", "open/" + r + "/#");
        RawClient bob = login(b, MqttVersion.V3_1_1, Ids.client("b3"), "bob")) {
      bob.send(publish("ro/" + r + "/q1", 1, 21, "denied"));
      PubAck ack = bob.expect(PubAck.class);
      assertThat(ack.packetId()).isEqualTo(21); // 3.1.1 cannot say no
      bob.send(publish("ro/" + r + "/q2", 2, 22, "denied"));
      assertThat(bob.expect(PubRec.class).packetId()).isEqualTo(22);
      bob.send(new PubRel(22));
      assertThat(bob.expect(PubComp.class).packetId()).isEqualTo(22);
      bob.send(publish("ro/" + r + "/q0", 0, 0, "denied"));
      bob.publishAndComplete(publish("open/" + r + "/ok", 1, 23, "allowed"));
      assertThat(w.readExactly(1, Duration.ofMillis(300))).singleElement()
          .isInstanceOfSatisfying(Publish.class, p -> assertThat(Packets.text(p)).isEqualTo("allowed"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"emqx", "mosquitto"})
  void subscribeAnswers(String format) {
    Broker b = of(format);
    String r = Ids.topicRoot();
    try (RawClient a5 = login(b, MqttVersion.V5, Ids.client("s5"), "alice");
        RawClient a3 = login(b, MqttVersion.V3_1_1, Ids.client("s3"), "alice")) {
      assertThat(a5.subscribe(1, "ro/" + r + "/#", 1).reasonCodes()).containsExactly(1);
      assertThat(a5.subscribe(2, "secret/" + r + "/#", 1).reasonCodes()).containsExactly(0x87);
      assertThat(a5.subscribe(3, "#", 0).reasonCodes()).as("# would reach topics nobody allowed")
          .containsExactly(0x87);
      assertThat(a3.subscribe(1, "ro/" + r + "/#", 1).reasonCodes()).containsExactly(1);
      assertThat(a3.subscribe(2, "secret/" + r + "/#", 1).reasonCodes()).containsExactly(0x80);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"emqx", "mosquitto"})
  void usernameAndClientIdTemplates(String format) {
    Broker b = of(format);
    String id = Ids.client("tpl");
    try (RawClient alice = login(b, MqttVersion.V5, id, "alice")) {
      assertThat(alice.subscribe(1, "users/alice/#", 1).reasonCodes()).containsExactly(1);
      assertThat(alice.subscribe(2, "users/bob/#", 1).reasonCodes()).containsExactly(0x87);
      assertThat(alice.subscribe(3, "clients/" + id + "/#", 1).reasonCodes()).containsExactly(1);
      assertThat(alice.subscribe(4, "clients/someone-else/#", 1).reasonCodes()).containsExactly(0x87);
      alice.send(publish("users/alice/x", 1, 5, "mine"));
      assertThat(alice.expect(Publish.class).topic()).isEqualTo("users/alice/x"); // back through her subscription
      assertThat(alice.expect(PubAck.class).reasonCode()).isZero();
      alice.send(publish("users/bob/x", 1, 6, "his"));
      assertThat(alice.expect(PubAck.class).reasonCode()).isEqualTo(0x87);
      alice.send(publish("clients/" + id + "/x", 1, 7, "mine"));
      assertThat(alice.readExactly(2, Duration.ofMillis(200))).anySatisfy(p ->
          assertThat(p).isInstanceOfSatisfying(PubAck.class, a -> assertThat(a.reasonCode()).isZero()));
      alice.send(publish("clients/someone-else/x", 1, 8, "theirs"));
      assertThat(alice.expect(PubAck.class).reasonCode()).isEqualTo(0x87);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"emqx", "mosquitto"})
  void sysTopicsForSuperusersOnlyAndTheSuperuserBypass(String format) throws Exception {
    Broker b = of(format);
    try (RawClient a5 = login(b, MqttVersion.V5, Ids.client("sys5"), "alice");
        RawClient a3 = login(b, MqttVersion.V3_1_1, Ids.client("sys3"), "alice");
        RawClient root = login(b, MqttVersion.V5, Ids.client("root"), "root")) {
      assertThat(a5.subscribe(1, "$SYS/#", 0).reasonCodes()).containsExactly(0x87);
      assertThat(a3.subscribe(1, "$SYS/#", 0).reasonCodes()).containsExactly(0x80);
      assertThat(root.subscribe(1, "$SYS/#", 0).reasonCodes()).containsExactly(0);
      assertThat(root.subscribe(2, "#", 1).reasonCodes()).containsExactly(1);
      root.send(publish("secret/anything", 1, 3, "root may"));
      assertThat(root.expect(Publish.class).topic()).isEqualTo("secret/anything");
    }
    // and with Paho v5: the SUBACK's reason code reaches the application
    try (Paho5 p = new Paho5(b, Ids.client("paho-sys"))) {
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("bob");
      o.setPassword("bob-pw".getBytes());
      p.connect(o);
      IMqttToken t = p.subscribe("$SYS/#", 0);
      assertThat(t.getReasonCodes()).containsExactly(0x87);
      IMqttToken ok = p.subscribe("users/bob/#", 1);
      assertThat(ok.getReasonCodes()).containsExactly(1);
    }
  }

  @Test
  void denyActionDisconnect() {
    String r = Ids.topicRoot();
    try (RawClient a5 = login(strict, MqttVersion.V5, Ids.client("d5"), "alice")) {
      a5.publishAndComplete(publish("open/" + r + "/x", 1, 1, "fine"));
      a5.send(publish("secret/" + r + "/x", 1, 2, "not allowed"));
      List<MqttPacket> last = a5.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x87));
    }
    try (RawClient a3 = login(strict, MqttVersion.V3_1_1, Ids.client("d3"), "alice")) {
      a3.send(publish("secret/" + r + "/x", 0, 0, "not allowed"));
      assertThat(a3.expectClosed(RawClient.WAIT)).isEmpty();
    }
  }

  @Test
  void anEditedAclTakesEffectAndABrokenEditKeepsTheOldRules() throws Exception {
    String topic = "fresh/" + Ids.topicRoot() + "/#";
    try (RawClient before = login(strict, MqttVersion.V5, Ids.client("e1"), "alice")) {
      assertThat(before.subscribe(1, topic, 1).reasonCodes()).containsExactly(0x87);
      Files.writeString(strictAcl, "{allow, all, subscribe, [\"fresh/#\"]}.\n" + EMQX);
      strict.server().reloadSecurityFiles();
      // the same connection's cached decision is dropped: the new rule answers at once
      assertThat(before.subscribe(2, topic, 1).reasonCodes()).containsExactly(1);
    }
    Files.writeString(strictAcl, "{allow, all, subscribe, [\"fresh/#\"]}.\n{allow, all, publsh, [\"x\"]}.\n"
        + "{oops\n" + EMQX);
    strict.server().reloadSecurityFiles();
    try (RawClient after = login(strict, MqttVersion.V5, Ids.client("e2"), "alice")) {
      assertThat(after.subscribe(1, topic, 1).reasonCodes()).as("the rules before the broken edit stay")
          .containsExactly(1);
      assertThat(after.subscribe(2, "secret/#", 1).reasonCodes()).containsExactly(0x87);
    } finally {
      Files.writeString(strictAcl, EMQX);
      strict.server().reloadSecurityFiles();
    }
  }
}
