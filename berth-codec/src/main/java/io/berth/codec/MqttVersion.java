package io.berth.codec;

/** The protocol levels Berth speaks; the level byte and protocol name are from the CONNECT variable header. */
public enum MqttVersion {
  V3_1(3, "MQIsdp"),
  V3_1_1(4, "MQTT"),
  V5(5, "MQTT");

  private final int level;
  private final String protocolName;

  MqttVersion(int level, String protocolName) {
    this.level = level;
    this.protocolName = protocolName;
  }

  public int level() {
    return level;
  }

  public String protocolName() {
    return protocolName;
  }

  public boolean isV5() {
    return this == V5;
  }

  /** The version for a CONNECT's protocol name and level, or null when Berth does not speak it. */
  public static MqttVersion of(String protocolName, int level) {
    for (MqttVersion v : values()) {
      if (v.level == level && v.protocolName.equals(protocolName)) {
        return v;
      }
    }
    return null;
  }

  /** Human form used in banners, CLI options and logs: "3.1", "3.1.1", "5". */
  public String label() {
    return switch (this) {
      case V3_1 -> "3.1";
      case V3_1_1 -> "3.1.1";
      case V5 -> "5";
    };
  }
}
