package io.berth.codec;

import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import io.berth.codec.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;

/** Berth packets ⇄ Netty's netty-codec-mqtt messages, field by field, for the oracle test. */
final class NettyConversions {
  /** Netty keeps the connection's version in this channel attribute (MqttCodecUtil, package-private). */
  static final AttributeKey<io.netty.handler.codec.mqtt.MqttVersion> VERSION_KEY =
      AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

  private NettyConversions() {}

  static io.netty.handler.codec.mqtt.MqttVersion toNetty(MqttVersion v) {
    return switch (v) {
      case V3_1 -> io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1;
      case V3_1_1 -> io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1;
      case V5 -> io.netty.handler.codec.mqtt.MqttVersion.MQTT_5;
    };
  }

  static io.netty.handler.codec.mqtt.MqttProperties toNetty(MqttProperties p) {
    var out = new io.netty.handler.codec.mqtt.MqttProperties();
    for (Property prop : p.present()) {
      Object v = p.valueForCodec(prop);
      out.add(
          switch (prop.type()) {
            case BYTE, TWO_BYTE_INT, VARIABLE_BYTE_INT ->
                new io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty(prop.id(), (Integer) v);
            case FOUR_BYTE_INT ->
                new io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty(prop.id(), (int) (long) (Long) v);
            case UTF8_STRING -> new io.netty.handler.codec.mqtt.MqttProperties.StringProperty(prop.id(), (String) v);
            case BINARY -> new io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty(prop.id(), (byte[]) v);
            case UTF8_PAIR -> throw new IllegalStateException();
          });
    }
    for (int id : p.subscriptionIdentifiers()) {
      out.add(new io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty(0x0B, id));
    }
    for (UserProperty u : p.userProperties()) {
      out.add(new io.netty.handler.codec.mqtt.MqttProperties.UserProperty(u.name(), u.value()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static MqttProperties fromNetty(io.netty.handler.codec.mqtt.MqttProperties p) {
    MqttProperties.Builder b = MqttProperties.builder();
    if (p == null) {
      return b.build();
    }
    for (var np : p.listAll()) {
      Property prop = Property.byId(np.propertyId());
      Object v = np.value();
      if (prop == Property.USER_PROPERTY) {
        List<io.netty.handler.codec.mqtt.MqttProperties.StringPair> pairs =
            v instanceof List<?> l
                ? (List<io.netty.handler.codec.mqtt.MqttProperties.StringPair>) l
                : List.of((io.netty.handler.codec.mqtt.MqttProperties.StringPair) v);
        pairs.forEach(pair -> b.addUserProperty(pair.key, pair.value));
      } else if (prop == Property.SUBSCRIPTION_IDENTIFIER) {
        b.addSubscriptionIdentifier((Integer) v);
      } else if (prop.type() == Property.Type.FOUR_BYTE_INT) {
        b.set(prop, Integer.toUnsignedLong((Integer) v));
      } else {
        b.set(prop, v);
      }
    }
    return b.build();
  }

  private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
    return new MqttFixedHeader(type, false, qos, false, 0);
  }

  private static MqttQoS qos(int q) {
    return MqttQoS.valueOf(q);
  }

  static MqttMessage toNetty(MqttPacket packet) {
    switch (packet.type()) {
      case PacketType.CONNECT -> {
        Connect c = (Connect) packet;
        Will w = c.will();
        var header = new MqttConnectVariableHeader(c.version().protocolName(), c.version().level(),
            c.username() != null, c.password() != null, w != null && w.retain(), w == null ? 0 : w.qos(), w != null,
            c.cleanStart(), c.keepAlive(), toNetty(c.properties()));
        var payload = new MqttConnectPayload(c.clientId(),
            w == null ? io.netty.handler.codec.mqtt.MqttProperties.NO_PROPERTIES : toNetty(w.properties()),
            w == null ? null : w.topic(), w == null ? null : w.payload(), c.username(), c.password());
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.CONNECT, MqttQoS.AT_MOST_ONCE), header, payload);
      }
      case PacketType.CONNACK -> {
        Connack c = (Connack) packet;
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
            new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) c.reasonCode()), c.sessionPresent(),
                toNetty(c.properties())), null);
      }
      case PacketType.PUBLISH -> {
        Publish p = (Publish) packet;
        return MqttMessageFactory.newMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, p.dup(), qos(p.qos()), p.retain(), 0),
            new MqttPublishVariableHeader(p.topic(), p.qos() > 0 ? p.packetId() : -1, toNetty(p.properties())),
            p.payload().retainedDuplicate());
      }
      case PacketType.PUBACK -> {
        PubAck a = (PubAck) packet;
        return reply(MqttMessageType.PUBACK, a.packetId(), a.reasonCode(), a.properties());
      }
      case PacketType.PUBREC -> {
        PubRec a = (PubRec) packet;
        return reply(MqttMessageType.PUBREC, a.packetId(), a.reasonCode(), a.properties());
      }
      case PacketType.PUBREL -> {
        PubRel a = (PubRel) packet;
        return reply(MqttMessageType.PUBREL, a.packetId(), a.reasonCode(), a.properties());
      }
      case PacketType.PUBCOMP -> {
        PubComp a = (PubComp) packet;
        return reply(MqttMessageType.PUBCOMP, a.packetId(), a.reasonCode(), a.properties());
      }
      case PacketType.SUBSCRIBE -> {
        Subscribe s = (Subscribe) packet;
        List<MqttTopicSubscription> subs = new ArrayList<>();
        for (Subscription sub : s.subscriptions()) {
          subs.add(new MqttTopicSubscription(sub.filter(), new MqttSubscriptionOption(qos(sub.qos()), sub.noLocal(),
              sub.retainAsPublished(),
              MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(sub.retainHandling()))));
        }
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.SUBSCRIBE, MqttQoS.AT_LEAST_ONCE),
            new MqttMessageIdAndPropertiesVariableHeader(s.packetId(), toNetty(s.properties())),
            new MqttSubscribePayload(subs));
      }
      case PacketType.SUBACK -> {
        Suback s = (Suback) packet;
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
            new MqttMessageIdAndPropertiesVariableHeader(s.packetId(), toNetty(s.properties())),
            new MqttSubAckPayload(s.reasonCodes()));
      }
      case PacketType.UNSUBSCRIBE -> {
        Unsubscribe u = (Unsubscribe) packet;
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.UNSUBSCRIBE, MqttQoS.AT_LEAST_ONCE),
            new MqttMessageIdAndPropertiesVariableHeader(u.packetId(), toNetty(u.properties())),
            new MqttUnsubscribePayload(u.filters()));
      }
      case PacketType.UNSUBACK -> {
        Unsuback u = (Unsuback) packet;
        List<Short> codes = new ArrayList<>();
        u.reasonCodes().forEach(c -> codes.add((short) (int) c));
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
            new MqttMessageIdAndPropertiesVariableHeader(u.packetId(), toNetty(u.properties())),
            new MqttUnsubAckPayload(codes));
      }
      case PacketType.PINGREQ -> {
        return MqttMessage.PINGREQ;
      }
      case PacketType.PINGRESP -> {
        return MqttMessage.PINGRESP;
      }
      case PacketType.DISCONNECT -> {
        Disconnect d = (Disconnect) packet;
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE),
            new MqttReasonCodeAndPropertiesVariableHeader((byte) d.reasonCode(), toNetty(d.properties())), null);
      }
      case PacketType.AUTH -> {
        Auth a = (Auth) packet;
        return MqttMessageFactory.newMessage(fixed(MqttMessageType.AUTH, MqttQoS.AT_MOST_ONCE),
            new MqttReasonCodeAndPropertiesVariableHeader((byte) a.reasonCode(), toNetty(a.properties())), null);
      }
      default -> throw new IllegalArgumentException(packet.toString());
    }
  }

  private static MqttMessage reply(MqttMessageType type, int id, int reason, MqttProperties props) {
    MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    return MqttMessageFactory.newMessage(
        fixed(type, qos), new MqttPubReplyMessageVariableHeader(id, (byte) reason, toNetty(props)), null);
  }

  /** A Berth packet with the fields of a message Netty decoded. */
  static MqttPacket fromNetty(MqttMessage m, MqttVersion version) {
    MqttFixedHeader f = m.fixedHeader();
    Object vh = m.variableHeader();
    switch (f.messageType()) {
      case CONNECT -> {
        var h = (MqttConnectVariableHeader) vh;
        var p = (MqttConnectPayload) m.payload();
        MqttVersion v = MqttVersion.of(h.name(), h.version());
        Will will = h.isWillFlag()
            ? new Will(p.willTopic(), p.willMessageInBytes(), h.willQos(), h.isWillRetain(),
                fromNetty(p.willProperties()))
            : null;
        return new Connect(v, p.clientIdentifier(), h.isCleanSession(), h.keepAliveTimeSeconds(), p.userName(),
            p.passwordInBytes(), will, fromNetty(h.properties()));
      }
      case CONNACK -> {
        var h = (MqttConnAckVariableHeader) vh;
        return new Connack(h.isSessionPresent(), h.connectReturnCode().byteValue() & 0xFF, fromNetty(h.properties()));
      }
      case PUBLISH -> {
        var h = (MqttPublishVariableHeader) vh;
        int qos = f.qosLevel().value();
        return new Publish(h.topicName(), qos, f.isRetain(), f.isDup(), qos > 0 ? h.packetId() : 0,
            fromNetty(h.properties()), (ByteBuf) m.payload());
      }
      case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
        int id = ((MqttMessageIdVariableHeader) vh).messageId();
        int reason = 0;
        MqttProperties props = MqttProperties.NONE;
        if (vh instanceof MqttPubReplyMessageVariableHeader r) {
          reason = r.reasonCode() & 0xFF;
          props = fromNetty(r.properties());
        }
        return switch (f.messageType()) {
          case PUBACK -> new PubAck(id, reason, props);
          case PUBREC -> new PubRec(id, reason, props);
          case PUBREL -> new PubRel(id, reason, props);
          default -> new PubComp(id, reason, props);
        };
      }
      case SUBSCRIBE -> {
        var h = (MqttMessageIdAndPropertiesVariableHeader) vh;
        List<Subscription> subs = new ArrayList<>();
        for (MqttTopicSubscription s : ((MqttSubscribePayload) m.payload()).topicSubscriptions()) {
          MqttSubscriptionOption o = s.option();
          subs.add(version.isV5()
              ? new Subscription(s.topicFilter(), o.qos().value(), o.isNoLocal(), o.isRetainAsPublished(),
                  o.retainHandling().value())
              : Subscription.of(s.topicFilter(), o.qos().value()));
        }
        return new Subscribe(h.messageId(), subs, fromNetty(h.properties()));
      }
      case SUBACK -> {
        var h = (MqttMessageIdAndPropertiesVariableHeader) vh;
        return new Suback(h.messageId(), ((MqttSubAckPayload) m.payload()).reasonCodes(), fromNetty(h.properties()));
      }
      case UNSUBSCRIBE -> {
        var h = (MqttMessageIdAndPropertiesVariableHeader) vh;
        return new Unsubscribe(h.messageId(), ((MqttUnsubscribePayload) m.payload()).topics(),
            fromNetty(h.properties()));
      }
      case UNSUBACK -> {
        var h = (MqttMessageIdAndPropertiesVariableHeader) vh;
        List<Integer> codes = new ArrayList<>();
        if (m.payload() != null) {
          ((MqttUnsubAckPayload) m.payload()).unsubscribeReasonCodes().forEach(c -> codes.add((int) c));
        }
        return new Unsuback(h.messageId(), codes, fromNetty(h.properties()));
      }
      case PINGREQ -> {
        return PingReq.INSTANCE;
      }
      case PINGRESP -> {
        return PingResp.INSTANCE;
      }
      case DISCONNECT -> {
        var h = (MqttReasonCodeAndPropertiesVariableHeader) vh;
        return h == null ? Disconnect.NORMAL : new Disconnect(h.reasonCode() & 0xFF, fromNetty(h.properties()));
      }
      case AUTH -> {
        var h = (MqttReasonCodeAndPropertiesVariableHeader) vh;
        return new Auth(h.reasonCode() & 0xFF, fromNetty(h.properties()));
      }
      default -> throw new IllegalArgumentException(f.toString());
    }
  }
}
