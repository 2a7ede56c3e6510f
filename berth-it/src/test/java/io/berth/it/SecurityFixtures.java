package io.berth.it;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.core.channel.Channel;
import io.berth.core.security.ClientIdentity;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers of the security tests: user files, raw clients on any listener, the identity a client got. */
final class SecurityFixtures {
  private SecurityFixtures() {}

  /** One line of a user file: "name:HASH" or "name:HASH:superuser". */
  static String user(String name, Scheme scheme, String password, boolean superuser) {
    return name + ":" + PasswordHashes.create(scheme, password.getBytes(StandardCharsets.UTF_8)).encoded()
        + (superuser ? ":superuser" : "") + "\n";
  }

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A raw client on a listener's port. */
  static RawClient raw(int port) {
    try {
      return RawClient.over(new Socket("127.0.0.1", port));
    } catch (IOException e) {
      throw new AssertionError("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  static Connect connect(MqttVersion v, String clientId, String username, String password, MqttProperties props) {
    return new Connect(v, clientId, true, 60, username,
        password == null ? null : password.getBytes(StandardCharsets.UTF_8), null, props);
  }

  /** The CONNACK reason of a CONNECT with these credentials on a listener (the connection is closed after). */
  static int connackReason(int port, MqttVersion v, String username, String password) {
    try (RawClient c = raw(port)) {
      Connack ack = c.connect(connect(v, Ids.client("who"), username, password, MqttProperties.NONE));
      return ack.reasonCode();
    }
  }

  /** The identity authentication gave a connected client. */
  static ClientIdentity identity(Broker broker, String clientId) {
    return ((Channel) broker.server().core().sessions().get(clientId).owner()).identity();
  }

  static String q(Path p) {
    return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\") + "\"";
  }
}
