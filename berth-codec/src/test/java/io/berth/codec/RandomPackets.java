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
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Valid packets of every type with every property, for one protocol version, drawn from a {@link SplittableRandom}:
 * the same random state always gives the same packets. Values are uniform over their range most of the time and
 * otherwise an edge case: the bounds and their neighbours, powers of two (the Variable Byte Integer length steps),
 * empty strings and lists, the longest strings and lists the generator makes, UTF-8 strings and binary data of exactly
 * 65,535 bytes, non-ASCII code points up to U+10FFFF, every property of a packet at once, many user properties with
 * repeated names. {@link RandomCases} turns a generator into seeded, reproducible JUnit tests.
 */
final class RandomPackets {
  /** Longest UTF-8 string or binary field: a two byte length [MQTT-1.5.4], [MQTT-1.5.6]. */
  static final int MAX_FIELD_BYTES = 0xFFFF;

  private static final int MAX_ASCII_CHARS = 30;
  private static final int MAX_CODE_POINTS = 12;

  private final SplittableRandom r;
  private final MqttVersion v;

  RandomPackets(SplittableRandom random, MqttVersion version) {
    this.r = random;
    this.v = version;
  }

  // ---------------------------------------------------------------------------------------------------- primitives

  boolean bool() {
    return r.nextBoolean();
  }

  /** True with probability 1/n. */
  boolean oneIn(int n) {
    return r.nextInt(n) == 0;
  }

  /** An int in [min, max], often an edge case. */
  int intBetween(int min, int max) {
    return (int) longBetween(min, max);
  }

  /** A long in [min, max] (max - min below 2^62), often an edge case. */
  long longBetween(long min, long max) {
    switch (r.nextInt(10)) {
      case 0:
        return min;
      case 1:
        return max;
      case 2: { // a neighbour of a bound or a power-of-two step (127/128, 16383/16384, 255/256, ...)
        List<Long> edges = new ArrayList<>(List.of(min + 1, max - 1));
        for (int bit = 1; bit < 63; bit++) {
          long p = 1L << bit;
          if (p - 1 >= min && p - 1 <= max) {
            edges.add(p - 1);
          }
          if (p >= min && p <= max) {
            edges.add(p);
          }
        }
        long e = edges.get(r.nextInt(edges.size()));
        return Math.max(min, Math.min(max, e));
      }
      case 3:
      case 4: { // small magnitudes: uniform bit length, then uniform value of that length
        int bits = r.nextInt(1, 64 - Long.numberOfLeadingZeros(max - min) + 1);
        return min + r.nextLong(Math.min(1L << bits, max - min + 1));
      }
      default:
        return r.nextLong(min, max + 1);
    }
  }

  /** A list size in [min, max]: often empty or full. */
  int size(int min, int max) {
    return switch (r.nextInt(6)) {
      case 0 -> min;
      case 1 -> max;
      default -> r.nextInt(min, max + 1);
    };
  }

  <T> List<T> list(int min, int max, Supplier<T> element) {
    int n = size(min, max);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element.get());
    }
    return out;
  }

  <T> T nullOr(double nullProbability, Supplier<T> value) {
    return r.nextDouble() < nullProbability ? null : value.get();
  }

  @SafeVarargs
  final <T> T oneOf(T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /**
   * A well-formed MQTT string: no U+0000, no surrogates [MQTT-1.5.4]. Mostly short ASCII (including '+', '#', '/'),
   * a fifth arbitrary code points (1 to 4 UTF-8 bytes each), sometimes empty, rarely exactly 65,535 bytes long.
   */
  String string() {
    int k = r.nextInt(100);
    if (k < 6) {
      return "";
    }
    if (k < 7) {
      return longestString();
    }
    if (k < 80) {
      int n = size(0, MAX_ASCII_CHARS);
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        sb.append((char) r.nextInt(1, 0x80));
      }
      return sb.toString();
    }
    int n = size(0, MAX_CODE_POINTS);
    StringBuilder sb = new StringBuilder(n * 2);
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(codePoint());
    }
    return sb.toString();
  }

  /** Any scalar value but U+0000, often from the edges of the 1-, 2-, 3- and 4-byte UTF-8 ranges. */
  int codePoint() {
    if (oneIn(3)) {
      return oneOf(0x01, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF);
    }
    int cp;
    do {
      cp = switch (r.nextInt(4)) { // each UTF-8 length equally likely
        case 0 -> r.nextInt(0x01, 0x80);
        case 1 -> r.nextInt(0x80, 0x800);
        case 2 -> r.nextInt(0x800, 0x10000);
        default -> r.nextInt(0x10000, 0x110000);
      };
    } while (cp >= 0xD800 && cp <= 0xDFFF);
    return cp;
  }

  /** Exactly {@link #MAX_FIELD_BYTES} of UTF-8: all ASCII, all three-byte, or mixed code points. */
  String longestString() {
    return switch (r.nextInt(3)) {
      case 0 -> "x".repeat(MAX_FIELD_BYTES);
      case 1 -> "€".repeat(MAX_FIELD_BYTES / 3);
      default -> {
        StringBuilder sb = new StringBuilder(MAX_FIELD_BYTES);
        int bytes = 0;
        while (MAX_FIELD_BYTES - bytes >= 4) {
          int cp = codePoint();
          sb.appendCodePoint(cp);
          bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
        while (bytes++ < MAX_FIELD_BYTES) {
          sb.append('z');
        }
        yield sb.toString();
      }
    };
  }

  /** Binary data of 0 to {@code maxSize} bytes, rarely exactly 65,535. */
  byte[] bytes(int maxSize) {
    return randomBytes(oneIn(100) ? MAX_FIELD_BYTES : size(0, maxSize));
  }

  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  int qos() {
    return r.nextInt(3);
  }

  int packetId() {
    return intBetween(1, 0xFFFF);
  }

  private int reason() {
    return v.isV5() ? intBetween(0, 255) : 0;
  }

  // ---------------------------------------------------------------------------------------------------- properties

  /** A valid value for a single-valued property. */
  Object value(Property p) {
    return switch (p.type()) {
      case BYTE -> r.nextInt(2);
      case TWO_BYTE_INT -> intBetween(1, 0xFFFF);
      case FOUR_BYTE_INT -> longBetween(1, 0xFFFF_FFFFL);
      case VARIABLE_BYTE_INT -> intBetween(1, Wire.MAX_VAR_INT);
      case UTF8_STRING -> string();
      case BINARY -> bytes(20);
      case UTF8_PAIR -> throw new IllegalArgumentException(p.toString());
    };
  }

  /**
   * Properties allowed in {@code packetType} ({@link PacketType#WILL} for will properties): a quarter of the time none,
   * a tenth of the rest all of them, otherwise each one with probability 0.4; up to three user properties, rarely up to
   * a hundred with repeated names; as many subscription identifiers as the packet may carry.
   */
  MqttProperties properties(int packetType) {
    if (oneIn(4)) {
      return MqttProperties.NONE;
    }
    MqttProperties.Builder b = MqttProperties.builder();
    boolean all = oneIn(10);
    for (Property p : Property.values()) {
      if (p.allowedIn(packetType) && p != Property.USER_PROPERTY && p != Property.SUBSCRIPTION_IDENTIFIER
          && (all || r.nextInt(10) < 4)) {
        b.set(p, value(p));
      }
    }
    if (oneIn(20)) {
      List<String> names = list(1, 5, this::string);
      int n = r.nextInt(10, 101);
      for (int i = 0; i < n; i++) {
        b.addUserProperty(names.get(r.nextInt(names.size())), string());
      }
    } else {
      int n = size(0, 3);
      for (int i = 0; i < n; i++) {
        b.addUserProperty(string(), string());
      }
    }
    if (Property.SUBSCRIPTION_IDENTIFIER.allowedIn(packetType)) {
      int n = size(0, packetType == PacketType.SUBSCRIBE ? 1 : 3);
      for (int i = 0; i < n; i++) {
        b.addSubscriptionIdentifier(intBetween(1, Wire.MAX_VAR_INT));
      }
    }
    return b.build();
  }

  private MqttProperties props(int packetType) {
    return v.isV5() ? properties(packetType) : MqttProperties.NONE;
  }

  // ---------------------------------------------------------------------------------------------------- packets

  /** A packet of a type the version has, every type equally likely. */
  MqttPacket packet() {
    int types = v.isV5() ? 15 : 14;
    return switch (r.nextInt(types)) {
      case 0 -> connect();
      case 1 -> connack();
      case 2 -> publish();
      case 3 -> new PubAck(packetId(), reason(), props(PacketType.PUBACK));
      case 4 -> new PubRec(packetId(), reason(), props(PacketType.PUBREC));
      case 5 -> new PubRel(packetId(), reason(), props(PacketType.PUBREL));
      case 6 -> new PubComp(packetId(), reason(), props(PacketType.PUBCOMP));
      case 7 -> subscribe();
      case 8 -> suback();
      case 9 -> new Unsubscribe(packetId(), list(1, 5, this::string), props(PacketType.UNSUBSCRIBE));
      case 10 -> unsuback();
      case 11 -> PingReq.INSTANCE;
      case 12 -> PingResp.INSTANCE;
      case 13 -> new Disconnect(reason(), props(PacketType.DISCONNECT));
      default -> new Auth(reason(), props(PacketType.AUTH));
    };
  }

  /** Zero to {@code max} packets. */
  List<MqttPacket> packets(int max) {
    return list(0, max, this::packet);
  }

  Connect connect() {
    String clientId = string();
    boolean cleanStart = bool();
    int keepAlive = intBetween(0, 0xFFFF);
    String username = nullOr(0.4, this::string);
    byte[] password = nullOr(0.4, () -> bytes(20));
    Will will = nullOr(0.5, this::will);
    MqttProperties properties = props(PacketType.CONNECT);
    // Before MQTT 5 a password needs a username [MQTT-3.1.2-22].
    return new Connect(
        v, clientId, cleanStart, keepAlive, username, v.isV5() || username != null ? password : null, will,
        properties);
  }

  Will will() {
    return new Will(string(), bytes(40), qos(), bool(), props(PacketType.WILL));
  }

  Connack connack() {
    return new Connack(bool(), v.isV5() ? intBetween(0, 255) : intBetween(0, 5), props(PacketType.CONNACK));
  }

  /** Payloads: mostly up to 200 bytes, sometimes empty, a tenth large enough for the encoder's zero-copy path. */
  Publish publish() {
    String topic = string();
    int qos = qos();
    boolean retain = bool();
    boolean dup = bool();
    int packetId = packetId();
    MqttProperties properties = props(PacketType.PUBLISH);
    int size =
        switch (r.nextInt(20)) {
          case 0 -> 0;
          case 1 -> MqttEncoder.ZERO_COPY_THRESHOLD - 1 + r.nextInt(2); // either side of the threshold
          case 2 -> r.nextInt(MqttEncoder.ZERO_COPY_THRESHOLD, 20_001);
          default -> size(0, 200);
        };
    return new Publish(
        topic, qos, retain, qos > 0 && dup, qos > 0 ? packetId : 0, properties,
        Unpooled.wrappedBuffer(randomBytes(size)));
  }

  /** Before MQTT 5 only the QoS; in MQTT 5 every combination of No Local, Retain As Published and Retain Handling. */
  Subscription subscription() {
    return v.isV5()
        ? new Subscription(string(), qos(), bool(), bool(), r.nextInt(3))
        : Subscription.of(string(), qos());
  }

  Subscribe subscribe() {
    return new Subscribe(packetId(), list(1, 5, this::subscription), props(PacketType.SUBSCRIBE));
  }

  Suback suback() {
    Supplier<Integer> code = v.isV5() ? () -> intBetween(0, 255) : () -> oneOf(0, 1, 2, 0x80);
    return new Suback(packetId(), list(1, 5, code), props(PacketType.SUBACK));
  }

  /** MQTT 3.1.1 UNSUBACK has no reason codes. */
  Unsuback unsuback() {
    List<Integer> codes = v.isV5() ? list(1, 5, () -> intBetween(0, 255)) : List.of();
    return new Unsuback(packetId(), codes, props(PacketType.UNSUBACK));
  }
}
