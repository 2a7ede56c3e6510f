package io.berth.store;

import io.berth.core.persist.RestoredSession;
import io.berth.core.router.SubscriptionEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** One subscription of a persistent session ({@link Table#SUBSCRIPTIONS}): client prefix + raw filter → options. */
final class SubscriptionRecord {
  private static final int NO_LOCAL = 1;
  private static final int RETAIN_AS_PUBLISHED = 2;
  private static final int SHARED = 4;

  private SubscriptionRecord() {}

  static byte[] key(String clientId, String rawFilter) {
    byte[] prefix = Keys.client(clientId);
    byte[] filter = rawFilter.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[prefix.length + filter.length];
    System.arraycopy(prefix, 0, key, 0, prefix.length);
    System.arraycopy(filter, 0, key, prefix.length, filter.length);
    return key;
  }

  static byte[] value(SubscriptionEntry e) {
    ByteBuf b = Unpooled.buffer(16 + e.filter().length());
    try {
      int flags = (e.noLocal() ? NO_LOCAL : 0) | (e.retainAsPublished() ? RETAIN_AS_PUBLISHED : 0)
          | (e.group() != null ? SHARED : 0);
      b.writeByte(e.qos()).writeByte(flags).writeInt(e.subscriptionId());
      MessageCodec.writeString(b, e.filter());
      MessageCodec.writeString(b, e.group() == null ? "" : e.group());
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  static RestoredSession.Subscription decode(byte[] key, byte[] value) {
    int prefix = 2 + (((key[0] & 0xFF) << 8) | (key[1] & 0xFF));
    String rawFilter = new String(key, prefix, key.length - prefix, StandardCharsets.UTF_8);
    ByteBuf b = Unpooled.wrappedBuffer(value);
    int qos = b.readUnsignedByte();
    int flags = b.readUnsignedByte();
    int subscriptionId = b.readInt();
    String filter = MessageCodec.readString(b);
    String group = MessageCodec.readString(b);
    return new RestoredSession.Subscription(rawFilter, filter, (flags & SHARED) != 0 ? group : null, qos,
        (flags & NO_LOCAL) != 0, (flags & RETAIN_AS_PUBLISHED) != 0, subscriptionId);
  }
}
