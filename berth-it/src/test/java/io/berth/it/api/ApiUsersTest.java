package io.berth.it.api;

import static io.berth.it.api.Api.bearer;
import static io.berth.it.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.builtin.PasswordFileContent;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The built-in MQTT users over real HTTP: a user made through the API logs in with a real client at once, a changed
 * password replaces the old one, a deleted user is refused; the password file is written as berth passwd writes it.
 */
class ApiUsersTest extends OwnBrokerPerTest {
  static final String USERS = "/api/v5/authentication/password_based:built_in_database/users";
  @Test
  void usersMadeChangedAndDeletedThroughTheApiLogInOrNotAtOnce() throws Exception {
    Path passwd = seededPasswordFile();
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\nallow_anonymous = false\nauthentication = ["
        + "{mechanism = password_based, backend = built_in_database, user_file = \"" + passwd + "\"}]\n");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    assertThatThrownBy(() -> login("dev1", "first-password")).isInstanceOf(MqttException.class);

    JsonNode made = api.post(USERS, auth, json("user_id", "dev1", "password", "first-password")).is(201).json();
    assertThat(made.get("user_id").asText()).isEqualTo("dev1");
    assertThat(made.get("is_superuser").asBoolean()).isFalse();
    login("dev1", "first-password").disconnect();
    assertThatThrownBy(() -> login("dev1", "wrong")).isInstanceOf(MqttException.class);
    assertThat(Files.readString(passwd)).contains("# seeded by the test", "dev1:$2");
    assertThat(Files.getPosixFilePermissions(passwd)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    api.post(USERS, auth, json("user_id", "dev2", "password", "x2", "is_superuser", true)).is(201);
    JsonNode list = api.get(USERS, auth).is(200).json();
    assertThat(list.get("meta").get("count").asInt()).isEqualTo(3);
    assertThat(list.get("data").get(0).get("user_id").asText()).isEqualTo("dev1");
    assertThat(list.get("data").get(1).get("is_superuser").asBoolean()).isTrue();
    assertThat(list.get("data").get(2).get("user_id").asText()).isEqualTo("seed");
    assertThat(list.toString()).doesNotContain("$2", "password");
    assertThat(api.get(USERS + "?like_user_id=dev", auth).json().get("meta").get("count").asInt()).isEqualTo(2);
    assertThat(api.get(USERS + "?limit=1&page=2", auth).json().get("data").get(0).get("user_id").asText())
        .isEqualTo("dev2");

    assertThat(api.get(USERS + "/dev2", auth).is(200).json().get("is_superuser").asBoolean()).isTrue();
    assertThat(api.put(USERS + "/dev1", auth, json("is_superuser", true)).is(200).json().get("is_superuser")
        .asBoolean()).isTrue();
    login("dev1", "first-password").disconnect(); // the password stayed
    api.put(USERS + "/dev1", auth, json("password", "second-password")).is(200);
    login("dev1", "second-password").disconnect();
    assertThatThrownBy(() -> login("dev1", "first-password")).isInstanceOf(MqttException.class);
    assertThat(api.get(USERS + "/dev1", auth).json().get("is_superuser").asBoolean()).isTrue();

    api.delete(USERS + "/dev1", auth).is(204);
    assertThatThrownBy(() -> login("dev1", "second-password")).isInstanceOf(MqttException.class);
    api.delete(USERS + "/dev1", auth).error(404, "NOT_FOUND");
    assertThat(Files.readString(passwd)).doesNotContain("dev1").contains("seed:");
    assertThat(Files.readString(broker.data.resolve("audit.log"))).contains(
        "\"action\":\"mqtt_user_create\",\"target\":\"dev1\",\"outcome\":\"success\"",
        "\"action\":\"mqtt_user_delete\",\"target\":\"dev1\",\"outcome\":\"success\"")
        .doesNotContain("first-password", "second-password");
  }

  @Test
  void refusalsNameTheField() throws Exception {
    Path passwd = seededPasswordFile();
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\nauthentication = [{mechanism = password_based,"
        + " backend = built_in_database, user_file = \"" + passwd + "\"}]\n");
    Api api = broker.api;
    String auth = bearer(broker.adminToken());
    api.post(USERS, auth, json("user_id", "seed", "password", "x")).error(409, "ALREADY_EXISTS");
    assertThat(api.post(USERS, auth, json("user_id", "a:b", "password", "x")).error(400, "BAD_REQUEST").message())
        .contains("'user_id'");
    assertThat(api.post(USERS, auth, json("password", "x")).error(400, "BAD_REQUEST").message())
        .contains("'user_id'");
    assertThat(api.post(USERS, auth, json("user_id", "u")).error(400, "BAD_REQUEST").message())
        .contains("'password'");
    assertThat(api.post(USERS, auth, json("user_id", "u", "password", "x", "superuser", true))
        .error(400, "BAD_REQUEST").message()).contains("'superuser'");
    assertThat(api.post(USERS, auth, json("user_id", "u", "password", "x", "is_superuser", "maybe"))
        .error(400, "BAD_REQUEST").message()).contains("is_superuser");
    assertThat(api.put(USERS + "/seed", auth, "{}").error(400, "BAD_REQUEST").message()).contains("no field");
    assertThat(api.put(USERS + "/seed", auth, json("password", "")).error(400, "BAD_REQUEST").message())
        .contains("'password'");
    api.put(USERS + "/nobody", auth, json("password", "x")).error(404, "NOT_FOUND");
    api.get(USERS + "/nobody", auth).error(404, "NOT_FOUND");
    assertThat(api.get(USERS + "?like=x", auth).error(400, "BAD_REQUEST").message()).contains("'like'");
    api.get(USERS, null).error(401, "UNAUTHORIZED");
    api.post(USERS, null, json("user_id", "u", "password", "x")).error(401, "UNAUTHORIZED");
    api.delete(USERS + "/seed", null).error(401, "UNAUTHORIZED");
  }

  @Test
  void withoutABuiltInUserFileEveryCallSaysWhatToConfigure() throws Exception {
    broker = ApiBroker.start(dir, "sys_topics.sys_msg_interval = 0\n");
    String auth = bearer(broker.adminToken());
    assertThat(broker.api.get(USERS, auth).error(404, "NOT_FOUND").message()).contains("password_based",
        "user_file");
    broker.api.post(USERS, auth, json("user_id", "u", "password", "x")).error(404, "NOT_FOUND");
  }

  private Path seededPasswordFile() throws Exception {
    Path passwd = dir.resolve("passwd");
    Files.writeString(passwd, "# seeded by the test\n");
    User seed = new User("seed", PasswordHashes.create(Scheme.BCRYPT, "seed-pw".getBytes(StandardCharsets.UTF_8))
        .encoded(), false);
    PasswordFileContent.read(passwd).with(seed).write(passwd);
    return passwd;
  }

  private MqttClient login(String user, String password) throws MqttException {
    MqttClient c = new MqttClient(broker.mqttUri(), "login-" + user, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(user);
    o.setPassword(password.toCharArray());
    o.setConnectionTimeout(5);
    c.connect(o);
    return c;
  }
}
