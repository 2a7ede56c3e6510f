package io.berth.core.harness;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.core.Message;
import io.berth.core.channel.Outbox;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * An {@link Outbox} that records what the channel sends. Like the real connection it takes ownership of a PUBLISH
 * payload reference: the recorder copies the bytes into a heap buffer the test may keep, and releases the original.
 * Every packet is also run through {@link MqttEncoder} for the channel's version, so a packet the wire cannot carry
 * fails the test where it is sent.
 */
public final class RecordingOutbox implements Outbox {
  private final Deque<MqttPacket> unread = new ArrayDeque<>();
  private final List<MqttPacket> all = new ArrayList<>();
  private final Supplier<MqttVersion> version;
  private Runnable onClose = () -> {};
  private boolean closed;
  private int sentAfterClose;
  private long readTimeout = -1;
  private boolean reading = true;
  private boolean writable = true;
  private int sharedQos0;

  public RecordingOutbox(Supplier<MqttVersion> version) {
    this.version = version;
  }

  void onClose(Runnable hook) {
    this.onClose = hook;
  }

  @Override
  public void send(MqttPacket packet) {
    MqttPacket kept = packet;
    if (packet instanceof Publish p) {
      byte[] bytes;
      try {
        bytes = ByteBufUtil.getBytes(p.payload()); // throws if the core handed over a released payload
        checkEncodable(p);
      } finally {
        p.payload().release(); // the Outbox contract: send() owns the payload's reference
      }
      kept = new Publish(p.topic(), p.qos(), p.retain(), p.dup(), p.packetId(), p.properties(),
          Unpooled.wrappedBuffer(bytes));
    } else {
      checkEncodable(packet);
    }
    if (closed) {
      sentAfterClose++;
    }
    unread.add(kept);
    all.add(kept);
  }

  /** Records the PUBLISH the default implementation builds, as {@link #send} does, and counts the call. */
  @Override
  public boolean sendQos0(Message m, boolean retain, MqttVersion version, long maxPacketSize) {
    sharedQos0++;
    return Outbox.super.sendQos0(m, retain, version, maxPacketSize);
  }

  /** How many QoS 0 PUBLISH packets came through {@link #sendQos0} (shareable among subscribers). */
  public int sharedQos0() {
    return sharedQos0;
  }

  private void checkEncodable(MqttPacket packet) {
    MqttVersion v = version.get() == null ? MqttVersion.V3_1_1 : version.get();
    ByteBuf encoded = MqttEncoder.encode(UnpooledByteBufAllocator.DEFAULT, packet, v);
    encoded.release();
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  /** Pretends the client reads slowly (its write buffer is over the high-water mark). */
  public void setWritable(boolean writable) {
    this.writable = writable;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  @Override
  public void setReadTimeout(long millis) {
    readTimeout = millis;
  }

  @Override
  public void setReading(boolean reading) {
    this.reading = reading;
  }

  public boolean isClosed() {
    return closed;
  }

  public int sentAfterClose() {
    return sentAfterClose;
  }

  /** The read timeout last set, -1 if never. */
  public long readTimeout() {
    return readTimeout;
  }

  public boolean isReading() {
    return reading;
  }

  /** The next packet not yet looked at, or null. */
  public MqttPacket poll() {
    return unread.poll();
  }

  public MqttPacket peek() {
    return unread.peek();
  }

  /** Every packet sent, in order. */
  public List<MqttPacket> all() {
    return all;
  }

  public List<MqttPacket> drainUnread() {
    List<MqttPacket> out = new ArrayList<>(unread);
    unread.clear();
    return out;
  }
}
