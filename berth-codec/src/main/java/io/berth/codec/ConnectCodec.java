package io.berth.codec;

import static io.berth.codec.PacketType.CONNACK;
import static io.berth.codec.PacketType.CONNECT;

import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Will;
import io.netty.buffer.ByteBuf;

/** CONNECT (3.1) and CONNACK (3.2). */
final class ConnectCodec {
  private static final int USERNAME = 0x80;
  private static final int PASSWORD = 0x40;
  private static final int WILL_RETAIN = 0x20;
  private static final int WILL_QOS = 0x18;
  private static final int WILL = 0x04;
  private static final int CLEAN_START = 0x02;
  private static final int RESERVED = 0x01;

  private ConnectCodec() {}

  /** The version a CONNECT body announces, or null when its protocol name and level are unreadable or unknown. */
  static MqttVersion peekVersion(ByteBuf b) {
    try {
      return MqttVersion.of(Utf8.read(b, CONNECT), Wire.readByte(b, CONNECT));
    } catch (MqttDecodeException e) {
      return null;
    }
  }

  static Connect decodeConnect(ByteBuf b) {
    String name = Utf8.read(b, CONNECT);
    int level = Wire.readByte(b, CONNECT);
    MqttVersion version = MqttVersion.of(name, level);
    if (version == null) { // [MQTT-3.1.2-1] [MQTT-3.1.2-2]: the server answers CONNACK 0x01 / 0x84
      throw new MqttDecodeException(
          ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, CONNECT, "protocol " + name + " level " + level);
    }
    int flags = Wire.readByte(b, CONNECT);
    if ((flags & RESERVED) != 0 && version != MqttVersion.V3_1) { // 3.1 left bit 0 unused, unchecked
      throw Wire.malformed(CONNECT, "reserved connect flag set [MQTT-3.1.2-3]");
    }
    boolean hasWill = (flags & WILL) != 0;
    int willQos = (flags & WILL_QOS) >>> 3;
    boolean willRetain = (flags & WILL_RETAIN) != 0;
    if (!hasWill && (willQos != 0 || willRetain)) {
      throw Wire.malformed(CONNECT, "will QoS or retain without will flag [MQTT-3.1.2-13] [MQTT-3.1.2-15]");
    }
    if (willQos == 3) {
      throw Wire.malformed(CONNECT, "will QoS 3 [MQTT-3.1.2-14]");
    }
    boolean hasUsername = (flags & USERNAME) != 0;
    boolean hasPassword = (flags & PASSWORD) != 0;
    if (!version.isV5() && hasPassword && !hasUsername) {
      throw Wire.malformed(CONNECT, "password without user name [MQTT-3.1.2-22]");
    }
    int keepAlive = Wire.readShort(b, CONNECT);
    MqttProperties props =
        version.isV5() ? PropertiesCodec.read(b, CONNECT, CONNECT) : MqttProperties.NONE;
    String clientId = Utf8.read(b, CONNECT);
    Will will = null;
    if (hasWill) {
      MqttProperties willProps =
          version.isV5() ? PropertiesCodec.read(b, PacketType.WILL, CONNECT) : MqttProperties.NONE;
      String topic = Utf8.read(b, CONNECT);
      byte[] payload = Wire.readBinary(b, CONNECT);
      will = new Will(topic, payload, willQos, willRetain, willProps);
    }
    String username = hasUsername ? Utf8.read(b, CONNECT) : null;
    byte[] password = hasPassword ? Wire.readBinary(b, CONNECT) : null;
    return new Connect(
        version, clientId, (flags & CLEAN_START) != 0, keepAlive, username, password, will, props);
  }

  static int connectSize(Connect c) {
    MqttVersion v = c.version();
    int size = Utf8.size(v.protocolName()) + 1 + 1 + 2 + Utf8.size(c.clientId());
    if (v.isV5()) {
      size += PropertiesCodec.size(c.properties());
    }
    Will w = c.will();
    if (w != null) {
      size += Utf8.size(w.topic()) + 2 + w.payloadLength();
      if (w.payloadLength() > 0xFFFF) {
        throw new IllegalArgumentException("will payload over 65,535 bytes");
      }
      if (v.isV5()) {
        size += PropertiesCodec.size(w.properties());
      }
    }
    if (c.username() != null) {
      size += Utf8.size(c.username());
    }
    if (c.password() != null) {
      size += Wire.binarySize(c.password());
    }
    return size;
  }

  static void writeConnect(ByteBuf out, Connect c) {
    MqttVersion v = c.version();
    Utf8.write(out, v.protocolName());
    out.writeByte(v.level());
    Will w = c.will();
    int flags = c.cleanStart() ? CLEAN_START : 0;
    if (w != null) {
      flags |= WILL | (w.qos() << 3) | (w.retain() ? WILL_RETAIN : 0);
    }
    byte[] password = c.password();
    flags |= (c.username() != null ? USERNAME : 0) | (password != null ? PASSWORD : 0);
    out.writeByte(flags);
    out.writeShort(c.keepAlive());
    if (v.isV5()) {
      PropertiesCodec.write(out, c.properties());
    }
    Utf8.write(out, c.clientId());
    if (w != null) {
      if (v.isV5()) {
        PropertiesCodec.write(out, w.properties());
      }
      Utf8.write(out, w.topic());
      Wire.writeBinary(out, w.payload());
    }
    if (c.username() != null) {
      Utf8.write(out, c.username());
    }
    if (password != null) {
      Wire.writeBinary(out, password);
    }
  }

  static Connack decodeConnack(ByteBuf b, MqttVersion version) {
    int flags = Wire.readByte(b, CONNACK);
    if ((flags & 0xFE) != 0) {
      throw Wire.malformed(CONNACK, "reserved connect acknowledge flags set [MQTT-3.2.2-1]");
    }
    int reason = Wire.readByte(b, CONNACK);
    MqttProperties props = version.isV5() ? PropertiesCodec.read(b, CONNACK, CONNACK) : MqttProperties.NONE;
    return new Connack(flags == 1, reason, props);
  }

  static int connackSize(Connack c, MqttVersion version) {
    return 2 + (version.isV5() ? PropertiesCodec.size(c.properties()) : 0);
  }

  static void writeConnack(ByteBuf out, Connack c, MqttVersion version) {
    out.writeByte(c.sessionPresent() ? 1 : 0);
    out.writeByte(c.reasonCode());
    if (version.isV5()) {
      PropertiesCodec.write(out, c.properties());
    }
  }
}
