package io.berth.codec;

import static io.berth.codec.PacketType.SUBACK;
import static io.berth.codec.PacketType.SUBSCRIBE;
import static io.berth.codec.PacketType.UNSUBACK;
import static io.berth.codec.PacketType.UNSUBSCRIBE;

import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE (3.8), SUBACK (3.9), UNSUBSCRIBE (3.10) and UNSUBACK (3.11). Topic filters are judged by the core. */
final class SubscribeCodec {
  private SubscribeCodec() {}

  static Subscribe decodeSubscribe(ByteBuf b, MqttVersion version) {
    int packetId = Wire.readPacketId(b, SUBSCRIBE);
    MqttProperties props =
        version.isV5() ? PropertiesCodec.read(b, SUBSCRIBE, SUBSCRIBE) : MqttProperties.NONE;
    List<Subscription> subs = new ArrayList<>();
    while (b.isReadable()) {
      String filter = Utf8.read(b, SUBSCRIBE);
      int options = Wire.readByte(b, SUBSCRIBE);
      subs.add(version.isV5() ? options(filter, options) : v3Options(filter, options));
    }
    if (subs.isEmpty()) {
      throw Wire.protocolError(SUBSCRIBE, "no topic filter [MQTT-3.8.3-2]");
    }
    return new Subscribe(packetId, subs, props);
  }

  private static Subscription v3Options(String filter, int options) {
    if ((options & 0xFC) != 0) {
      throw Wire.malformed(SUBSCRIBE, "reserved bits of the requested QoS byte set [MQTT-3-8.3-4]");
    }
    if (options == 3) {
      throw Wire.malformed(SUBSCRIBE, "requested QoS 3 [MQTT-3-8.3-4]");
    }
    return Subscription.of(filter, options);
  }

  private static Subscription options(String filter, int options) {
    if ((options & 0xC0) != 0) {
      throw Wire.malformed(SUBSCRIBE, "reserved subscription option bits set [MQTT-3.8.3-5]");
    }
    int qos = options & 3;
    if (qos == 3) {
      throw Wire.malformed(SUBSCRIBE, "maximum QoS 3 (3.8.3.1)");
    }
    int retainHandling = (options >>> 4) & 3;
    if (retainHandling == 3) {
      throw Wire.protocolError(SUBSCRIBE, "retain handling 3 (3.8.3.1)");
    }
    return new Subscription(filter, qos, (options & 0x04) != 0, (options & 0x08) != 0, retainHandling);
  }

  static int subscribeSize(Subscribe s, MqttVersion version) {
    int size = 2 + (version.isV5() ? PropertiesCodec.size(s.properties()) : 0);
    List<Subscription> subs = s.subscriptions();
    for (int i = 0; i < subs.size(); i++) {
      size += Utf8.size(subs.get(i).filter()) + 1;
    }
    return size;
  }

  static void writeSubscribe(ByteBuf out, Subscribe s, MqttVersion version) {
    out.writeShort(s.packetId());
    if (version.isV5()) {
      PropertiesCodec.write(out, s.properties());
    }
    List<Subscription> subs = s.subscriptions();
    for (int i = 0; i < subs.size(); i++) {
      Subscription sub = subs.get(i);
      Utf8.write(out, sub.filter());
      int options = sub.qos();
      if (version.isV5()) {
        options |= (sub.noLocal() ? 0x04 : 0) | (sub.retainAsPublished() ? 0x08 : 0) | (sub.retainHandling() << 4);
      }
      out.writeByte(options);
    }
  }

  static Unsubscribe decodeUnsubscribe(ByteBuf b, MqttVersion version) {
    int packetId = Wire.readPacketId(b, UNSUBSCRIBE);
    MqttProperties props =
        version.isV5() ? PropertiesCodec.read(b, UNSUBSCRIBE, UNSUBSCRIBE) : MqttProperties.NONE;
    List<String> filters = new ArrayList<>();
    while (b.isReadable()) {
      filters.add(Utf8.read(b, UNSUBSCRIBE));
    }
    if (filters.isEmpty()) {
      throw Wire.protocolError(UNSUBSCRIBE, "no topic filter [MQTT-3.10.3-2]");
    }
    return new Unsubscribe(packetId, filters, props);
  }

  static int unsubscribeSize(Unsubscribe u, MqttVersion version) {
    int size = 2 + (version.isV5() ? PropertiesCodec.size(u.properties()) : 0);
    List<String> filters = u.filters();
    for (int i = 0; i < filters.size(); i++) {
      size += Utf8.size(filters.get(i));
    }
    return size;
  }

  static void writeUnsubscribe(ByteBuf out, Unsubscribe u, MqttVersion version) {
    out.writeShort(u.packetId());
    if (version.isV5()) {
      PropertiesCodec.write(out, u.properties());
    }
    List<String> filters = u.filters();
    for (int i = 0; i < filters.size(); i++) {
      Utf8.write(out, filters.get(i));
    }
  }

  static Suback decodeSuback(ByteBuf b, MqttVersion version) {
    int packetId = Wire.readShort(b, SUBACK);
    MqttProperties props = version.isV5() ? PropertiesCodec.read(b, SUBACK, SUBACK) : MqttProperties.NONE;
    List<Integer> codes = readCodes(b, SUBACK);
    if (!version.isV5()) {
      for (int code : codes) {
        if (code > 2 && code != ReasonCode.V3_SUBACK_FAILURE) {
          throw Wire.malformed(SUBACK, "reserved SUBACK return code " + code + " [MQTT-3.9.3-2]");
        }
      }
    }
    return new Suback(packetId, codes, props);
  }

  static Unsuback decodeUnsuback(ByteBuf b, MqttVersion version) {
    int packetId = Wire.readShort(b, UNSUBACK);
    if (!version.isV5()) { // 3.1.1 UNSUBACK is the packet identifier only; trailing bytes fail in the decoder
      return new Unsuback(packetId, List.of(), MqttProperties.NONE);
    }
    MqttProperties props = PropertiesCodec.read(b, UNSUBACK, UNSUBACK);
    return new Unsuback(packetId, readCodes(b, UNSUBACK), props);
  }

  private static List<Integer> readCodes(ByteBuf b, int packetType) {
    int n = b.readableBytes();
    if (n == 0) { // one code per topic filter, and a SUBSCRIBE/UNSUBSCRIBE has at least one
      throw Wire.protocolError(packetType, "no reason codes");
    }
    List<Integer> codes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      codes.add((int) b.readUnsignedByte());
    }
    return codes;
  }

  /** SUBACK and UNSUBACK share their layout; an MQTT 3.1.1 UNSUBACK drops codes and properties. */
  static int ackSize(int packetType, MqttProperties props, List<Integer> codes, MqttVersion version) {
    if (version.isV5()) {
      return 2 + PropertiesCodec.size(props) + codes.size();
    }
    return packetType == UNSUBACK ? 2 : 2 + codes.size();
  }

  static void writeAck(ByteBuf out, int packetId, MqttProperties props, List<Integer> codes, MqttVersion version,
      boolean isUnsuback) {
    out.writeShort(packetId);
    if (version.isV5()) {
      PropertiesCodec.write(out, props);
    } else if (isUnsuback) {
      return;
    }
    for (int i = 0; i < codes.size(); i++) {
      out.writeByte(codes.get(i));
    }
  }
}
