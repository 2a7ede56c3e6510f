package io.berth.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Publish;
import io.berth.core.BrokerCore;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One encoding of a QoS 0 PUBLISH per message and variant, shared by the subscribers on a loop (DESIGN §2). */
class EncodedPublishCacheTest {
  private final EncodedPublishCaches caches = new EncodedPublishCaches();
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private final BrokerCore core = new BrokerCore(System::currentTimeMillis); // counts the bytes written

  @AfterEach
  void tearDown() {
    for (EmbeddedChannel ch : channels) {
      ch.finishAndReleaseAll();
    }
    caches.clearCurrent();
    core.close();
  }

  private static Message message(String text, MqttProperties props) {
    ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return new Message("a/b", payload, 0, false, props, "pub", 0);
  }

  private MqttConnection connection() {
    MqttConnection c = new MqttConnection(core, MqttSettings.defaults(), null, "test", null, caches);
    channels.add(new EmbeddedChannel(c));
    return c;
  }

  private static byte[] written(EmbeddedChannel ch) {
    ch.runPendingTasks(); // the connection's end-of-turn flush
    ByteBuf b = ch.readOutbound();
    assertThat(b).isNotNull();
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  private static byte[] expected(Message m, boolean retain, MqttVersion v, MqttProperties props) {
    ByteBuf b = MqttEncoder.encode(Unpooled.buffer().alloc(), new Publish(m.topic(), 0, retain, false, 0, props,
        m.payload().duplicate()), v);
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  @Test
  void oneEncodingServesEverySubscriberOfAVariant() {
    MqttProperties props = MqttProperties.builder().set(Property.CONTENT_TYPE, "text/plain").build();
    Message m = message("hello", props);
    List<MqttConnection> v5 = List.of(connection(), connection(), connection());
    List<MqttConnection> v311 = List.of(connection(), connection());
    MqttConnection v31 = connection();
    MqttConnection retained = connection();
    long before = caches.current().encodes();
    for (MqttConnection c : v5) {
      assertThat(c.sendQos0(m, false, MqttVersion.V5, 0)).isTrue();
    }
    for (MqttConnection c : v311) {
      assertThat(c.sendQos0(m, false, MqttVersion.V3_1_1, 0)).isTrue();
    }
    assertThat(v31.sendQos0(m, false, MqttVersion.V3_1, 0)).isTrue(); // 3.1 and 3.1.1 PUBLISH bytes are the same
    assertThat(retained.sendQos0(m, true, MqttVersion.V3_1_1, 0)).isTrue();
    // V5 twice (the first for itself, the second kept), V3.x twice, V3.x with RETAIN once: 5 encodings for 7
    assertThat(caches.current().encodes() - before).isEqualTo(5);

    byte[] v5Bytes = expected(m, false, MqttVersion.V5, props);
    byte[] v3Bytes = expected(m, false, MqttVersion.V3_1_1, MqttProperties.NONE);
    assertThat(v5Bytes).isNotEqualTo(v3Bytes);
    for (int i = 0; i < 3; i++) {
      assertThat(written(channels.get(i))).isEqualTo(v5Bytes);
    }
    assertThat(written(channels.get(3))).isEqualTo(v3Bytes);
    assertThat(written(channels.get(4))).isEqualTo(v3Bytes);
    assertThat(written(channels.get(5))).isEqualTo(v3Bytes);
    assertThat(written(channels.get(6))).isEqualTo(expected(m, true, MqttVersion.V3_1_1, MqttProperties.NONE));
    assertThat(m.payload().refCnt()).isEqualTo(1); // the cache copied it and kept no reference
    m.release();
  }

  @Test
  void theSameBytesAreSharedNotCopied() {
    Message m = message("shared", MqttProperties.NONE);
    List<MqttConnection> cs = List.of(connection(), connection(), connection(), connection());
    cs.forEach(c -> c.sendQos0(m, false, MqttVersion.V3_1_1, 0));
    channels.forEach(EmbeddedChannel::runPendingTasks);
    ByteBuf first = channels.get(0).readOutbound(); // encoded for itself: a message may have one subscriber
    ByteBuf x = channels.get(1).readOutbound();
    ByteBuf y = channels.get(2).readOutbound();
    ByteBuf z = channels.get(3).readOutbound();
    assertThat(x.unwrap()).isSameAs(y.unwrap()).isSameAs(z.unwrap()).isNotSameAs(first);
    first.release();
    x.release();
    y.release();
    z.release();
    m.release();
  }

  @Test
  void aPacketOverTheClientsMaximumIsRefusedAndNothingWritten() {
    Message m = message("0123456789", MqttProperties.NONE);
    MqttConnection c = connection();
    assertThat(c.sendQos0(m, false, MqttVersion.V5, 10)).isFalse();
    channels.get(0).runPendingTasks();
    assertThat((Object) channels.get(0).readOutbound()).isNull();
    assertThat(c.sendQos0(m, false, MqttVersion.V5, 100)).isTrue();
    assertThat(written(channels.get(0))).isEqualTo(expected(m, false, MqttVersion.V5, MqttProperties.NONE));
    m.release();
  }

  @Test
  void evictedAndClearedEncodingsAreReleased() {
    EncodedPublishCache cache = new EncodedPublishCache();
    List<ByteBuf> kept = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i <= EncodedPublishCache.SLOTS; i++) {
      Message m = message("m" + i, MqttProperties.NONE);
      messages.add(m);
      cache.encodedQos0(PooledByteBufAllocator.DEFAULT, m, false, MqttVersion.V5).release();
      ByteBuf dup = cache.encodedQos0(PooledByteBufAllocator.DEFAULT, m, false, MqttVersion.V5);
      kept.add(dup.unwrap());
      dup.release();
    }
    assertThat(kept.get(0).refCnt()).isZero(); // the first was evicted by the last
    assertThat(kept.get(1).refCnt()).isEqualTo(1);
    cache.clear();
    for (ByteBuf b : kept) {
      assertThat(b.refCnt()).isZero();
    }
    messages.forEach(Message::release);
  }

  @Test
  void aMessageWithOneSubscriberIsEncodedOnceAndNotKept() {
    Message m = message("p2p", MqttProperties.NONE);
    ByteBuf b = caches.current().encodedQos0(PooledByteBufAllocator.DEFAULT, m, false, MqttVersion.V5);
    assertThat(b.refCnt()).isEqualTo(1);
    b.release();
    assertThat(b.refCnt()).isZero();
    m.release();
  }

  @Test
  void aLargePayloadIsSharedToo() { // from 8 KB the encoding holds a slice of the payload, released with it
    Message m = message("x".repeat(10_000), MqttProperties.NONE);
    List<MqttConnection> cs = List.of(connection(), connection(), connection());
    cs.forEach(c -> c.sendQos0(m, false, MqttVersion.V5, 0));
    byte[] want = expected(m, false, MqttVersion.V5, MqttProperties.NONE);
    for (int i = 0; i < 3; i++) {
      assertThat(written(channels.get(i))).isEqualTo(want);
    }
    m.release();
    assertThat(m.payload().refCnt()).isEqualTo(1); // the cached encoding's slice
    caches.clearCurrent();
    assertThat(m.payload().refCnt()).isZero();
  }
}
