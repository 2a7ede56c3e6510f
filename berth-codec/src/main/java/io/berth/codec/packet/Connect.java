package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.PacketType;
import java.util.Arrays;

/**
 * CONNECT (3.1). {@code will}, {@code username} and {@code password} are null when their flag is clear.
 * {@code cleanStart} is Clean Session in 3.1 and 3.1.1.
 */
public record Connect(
    MqttVersion version,
    String clientId,
    boolean cleanStart,
    int keepAlive,
    String username,
    byte[] password,
    Will will,
    MqttProperties properties)
    implements MqttPacket {

  public Connect {
    password = password == null ? null : password.clone();
  }

  @Override
  public byte[] password() {
    return password == null ? null : password.clone();
  }

  @Override
  public int type() {
    return PacketType.CONNECT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Connect c
        && version == c.version
        && clientId.equals(c.clientId)
        && cleanStart == c.cleanStart
        && keepAlive == c.keepAlive
        && java.util.Objects.equals(username, c.username)
        && Arrays.equals(password, c.password)
        && java.util.Objects.equals(will, c.will)
        && properties.equals(c.properties);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(version, clientId, cleanStart, keepAlive, username, will) * 31
        + Arrays.hashCode(password);
  }

  @Override
  public String toString() {
    return "Connect[" + version.label() + ", clientId=" + clientId + ", cleanStart=" + cleanStart + ", keepAlive="
        + keepAlive + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", will="
        + will + ", properties=" + properties + "]";
  }
}
