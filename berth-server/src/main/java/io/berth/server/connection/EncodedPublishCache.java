package io.berth.server.connection;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Publish;
import io.berth.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The last few QoS 0 PUBLISH packets encoded on one event loop, by message (identity) and variant (MQTT 5 or not,
 * RETAIN flag; 3.1 and 3.1.1 encode a PUBLISH alike): a message fanned out to many subscribers on the loop is encoded
 * twice (see {@link #encodedQos0}) and the other subscribers are written a retained duplicate (DESIGN §2). Used on its loop only; an evicted encoding is
 * released, and {@link #clear} releases the rest.
 */
public final class EncodedPublishCache {
  static final int SLOTS = 8;
  private final Message[] messages = new Message[SLOTS];
  private final int[] variants = new int[SLOTS];
  private final ByteBuf[] encoded = new ByteBuf[SLOTS];
  private int next;
  private long encodes;

  /**
   * The encoded QoS 0 PUBLISH of {@code m}, as a buffer the caller owns (writes or releases). The first request for a
   * message and variant is encoded for that caller alone and only remembered (a message with one subscriber on the
   * loop costs no more than before); the second is encoded again and kept, and it and every later request get a
   * retained duplicate of that one encoding.
   */
  public ByteBuf encodedQos0(ByteBufAllocator alloc, Message m, boolean retain, MqttVersion version) {
    int variant = (version.isV5() ? 2 : 0) | (retain ? 1 : 0);
    int slot = -1;
    for (int i = 0; i < SLOTS; i++) {
      if (messages[i] == m && variants[i] == variant) {
        if (encoded[i] != null) {
          return encoded[i].retainedDuplicate();
        }
        slot = i;
        break;
      }
    }
    MqttProperties props = version.isV5() ? m.properties() : MqttProperties.NONE;
    ByteBuf buf = MqttEncoder.encode(alloc, new Publish(m.topic(), 0, retain, false, 0, props, m.payload()), version);
    encodes++;
    if (slot < 0) { // seen once: remember the message, not the bytes
      slot = next;
      next = (slot + 1) % SLOTS;
      if (encoded[slot] != null) {
        encoded[slot].release();
        encoded[slot] = null;
      }
      messages[slot] = m;
      variants[slot] = variant;
      return buf;
    }
    encoded[slot] = buf; // seen twice: a fan-out, keep the bytes for the rest
    return buf.retainedDuplicate();
  }

  /** How many packets this cache has encoded (a cache hit encodes none). */
  public long encodes() {
    return encodes;
  }

  /** Releases every encoding kept. */
  public void clear() {
    for (int i = 0; i < SLOTS; i++) {
      if (encoded[i] != null) {
        encoded[i].release();
        encoded[i] = null;
      }
      messages[i] = null;
    }
  }
}
