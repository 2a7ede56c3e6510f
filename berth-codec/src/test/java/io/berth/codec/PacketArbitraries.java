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
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Valid packets of every type with every property, for a given protocol version. */
final class PacketArbitraries {
  private PacketArbitraries() {}

  /** Well-formed strings: mostly ASCII, sometimes any code point but U+0000 and the surrogates [MQTT-1.5.4]. */
  static Arbitrary<String> strings() {
    Arbitrary<String> ascii = Arbitraries.strings().withCharRange((char) 1, (char) 0x7F).ofMaxLength(30);
    Arbitrary<String> unicode =
        Arbitraries.integers()
            .between(1, 0x10FFFF)
            .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
            .list()
            .ofMaxSize(12)
            .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, ascii), net.jqwik.api.Tuple.of(1, unicode));
  }

  static Arbitrary<byte[]> bytes(int maxSize) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
  }

  static Arbitrary<Object> value(Property p) {
    return switch (p.type()) {
      case BYTE -> Arbitraries.integers().between(0, 1).map(i -> i);
      case TWO_BYTE_INT -> Arbitraries.integers().between(1, 0xFFFF).map(i -> i);
      case FOUR_BYTE_INT -> Arbitraries.longs().between(1, 0xFFFF_FFFFL).map(l -> l);
      case VARIABLE_BYTE_INT -> Arbitraries.integers().between(1, Wire.MAX_VAR_INT).map(i -> i);
      case UTF8_STRING -> strings().map(s -> s);
      case BINARY -> bytes(20).map(b -> b);
      case UTF8_PAIR -> throw new IllegalArgumentException(p.toString());
    };
  }

  /** Properties allowed in {@code packetType} ({@link PacketType#WILL} for will properties); often none. */
  static Arbitrary<MqttProperties> properties(int packetType) {
    List<Arbitrary<Object>> singles = new ArrayList<>();
    List<Property> kinds = new ArrayList<>();
    for (Property p : Property.values()) {
      if (p.allowedIn(packetType) && p != Property.USER_PROPERTY && p != Property.SUBSCRIPTION_IDENTIFIER) {
        kinds.add(p);
        singles.add(value(p).injectNull(0.6));
      }
    }
    Arbitrary<List<Object>> values = singles.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(singles)
        .as(list -> list);
    Arbitrary<List<String>> user = strings().list().ofMaxSize(6).map(l -> l.size() % 2 == 0 ? l : l.subList(1, l.size()));
    int maxSubIds =
        Property.SUBSCRIPTION_IDENTIFIER.allowedIn(packetType) ? (packetType == PacketType.SUBSCRIBE ? 1 : 3) : 0;
    Arbitrary<List<Integer>> subIds = Arbitraries.integers().between(1, Wire.MAX_VAR_INT).list().ofMaxSize(maxSubIds);
    Arbitrary<MqttProperties> some =
        Combinators.combine(values, user, subIds)
            .as(
                (vals, pairs, ids) -> {
                  MqttProperties.Builder b = MqttProperties.builder();
                  for (int i = 0; i < vals.size(); i++) {
                    if (vals.get(i) != null) {
                      b.set(kinds.get(i), vals.get(i));
                    }
                  }
                  for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    b.addUserProperty(pairs.get(i), pairs.get(i + 1));
                  }
                  ids.forEach(b::addSubscriptionIdentifier);
                  return b.build();
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(MqttProperties.NONE)), net.jqwik.api.Tuple.of(3, some));
  }

  private static Arbitrary<MqttProperties> props(MqttVersion v, int packetType) {
    return v.isV5() ? properties(packetType) : Arbitraries.just(MqttProperties.NONE);
  }

  private static Arbitrary<Integer> reason(MqttVersion v) {
    return v.isV5() ? Arbitraries.integers().between(0, 255) : Arbitraries.just(0);
  }

  private static Arbitrary<Integer> ids() {
    return Arbitraries.integers().between(1, 0xFFFF);
  }

  static Arbitrary<MqttPacket> packets(MqttVersion v) {
    List<Arbitrary<? extends MqttPacket>> all = new ArrayList<>();
    all.add(connects(v));
    all.add(connacks(v));
    all.add(publishes(v));
    all.add(Combinators.combine(ids(), reason(v), props(v, PacketType.PUBACK)).as(PubAck::new));
    all.add(Combinators.combine(ids(), reason(v), props(v, PacketType.PUBREC)).as(PubRec::new));
    all.add(Combinators.combine(ids(), reason(v), props(v, PacketType.PUBREL)).as(PubRel::new));
    all.add(Combinators.combine(ids(), reason(v), props(v, PacketType.PUBCOMP)).as(PubComp::new));
    all.add(subscribes(v));
    Arbitrary<Integer> subackCodes = v.isV5() ? Arbitraries.integers().between(0, 255) : Arbitraries.of(0, 1, 2, 0x80);
    all.add(
        Combinators.combine(ids(), subackCodes.list().ofMinSize(1).ofMaxSize(5), props(v, PacketType.SUBACK))
            .as(Suback::new));
    all.add(
        Combinators.combine(ids(), strings().list().ofMinSize(1).ofMaxSize(5), props(v, PacketType.UNSUBSCRIBE))
            .as(Unsubscribe::new));
    Arbitrary<List<Integer>> unsubackCodes =
        v.isV5() ? Arbitraries.integers().between(0, 255).list().ofMinSize(1).ofMaxSize(5) : Arbitraries.just(List.of());
    all.add(Combinators.combine(ids(), unsubackCodes, props(v, PacketType.UNSUBACK)).as(Unsuback::new));
    all.add(Arbitraries.just(PingReq.INSTANCE));
    all.add(Arbitraries.just(PingResp.INSTANCE));
    all.add(Combinators.combine(reason(v), props(v, PacketType.DISCONNECT)).as(Disconnect::new));
    if (v.isV5()) {
      all.add(Combinators.combine(reason(v), props(v, PacketType.AUTH)).as(Auth::new));
    }
    return Arbitraries.oneOf(all);
  }

  static Arbitrary<Connect> connects(MqttVersion v) {
    Arbitrary<Will> will =
        Combinators.combine(strings(), bytes(40), Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                props(v, PacketType.WILL))
            .as(Will::new)
            .injectNull(0.5);
    Arbitrary<String> username = strings().injectNull(0.4);
    Arbitrary<byte[]> password = bytes(20).injectNull(0.4);
    return Combinators.combine(
            strings(), Arbitraries.of(true, false), Arbitraries.integers().between(0, 0xFFFF), username, password, will,
            props(v, PacketType.CONNECT))
        .as(
            (id, clean, keepAlive, user, pass, w, p) ->
                new Connect(v, id, clean, keepAlive, user, v.isV5() || user != null ? pass : null, w, p));
  }

  static Arbitrary<Connack> connacks(MqttVersion v) {
    Arbitrary<Integer> codes = v.isV5() ? Arbitraries.integers().between(0, 255) : Arbitraries.integers().between(0, 5);
    return Combinators.combine(Arbitraries.of(true, false), codes, props(v, PacketType.CONNACK)).as(Connack::new);
  }

  static Arbitrary<Publish> publishes(MqttVersion v) {
    Arbitrary<byte[]> payload =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(9, bytes(200)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(MqttEncoder.ZERO_COPY_THRESHOLD, 20_000)
                .map(PacketArbitraries::randomBytes)));
    return Combinators.combine(
            strings(), Arbitraries.integers().between(0, 2), Arbitraries.of(true, false), Arbitraries.of(true, false),
            ids(), props(v, PacketType.PUBLISH), payload)
        .as(
            (topic, qos, retain, dup, id, p, bytes) ->
                new Publish(topic, qos, retain, qos > 0 && dup, qos > 0 ? id : 0, p, Unpooled.wrappedBuffer(bytes)));
  }

  /** Large payloads, cheaply: generating each byte with jqwik would be slow. */
  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }

  static Arbitrary<Subscribe> subscribes(MqttVersion v) {
    Arbitrary<Subscription> sub =
        v.isV5()
            ? Combinators.combine(
                    strings(), Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                    Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
                .as(Subscription::new)
            : Combinators.combine(strings(), Arbitraries.integers().between(0, 2)).as(Subscription::of);
    return Combinators.combine(ids(), sub.list().ofMinSize(1).ofMaxSize(5), props(v, PacketType.SUBSCRIBE))
        .as(Subscribe::new);
  }
}
