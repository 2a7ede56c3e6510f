package io.berth.core.channel;

import io.berth.codec.ReasonCode;
import io.berth.codec.packet.MqttPacket;
import io.berth.core.RateLimits;
import io.berth.core.limit.TokenBucket;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Slows a client that publishes faster than its rate limits (mqtt.messages_rate, mqtt.bytes_rate) by pausing its
 * reads for exactly its excess, or disconnects it when so configured; and pauses every publisher while the broker is
 * short of memory (overload protection), so that queues stop growing.
 */
final class PublishLimiter {
  /** How long a publisher's reads pause at a time while the broker is overloaded. */
  static final long OVERLOAD_PAUSE_MILLIS = 100;
  private final Channel ch;
  private TokenBucket messages; // created on first use, null without a limit
  private TokenBucket bytes;
  private boolean paused;
  // Packets already read (one read can hold many) while this client's reads are paused: they wait for the pause to
  // end, so that a client pipelining PUBLISH packets is slowed as much as one that does not.
  private ArrayDeque<MqttPacket> heldWhilePaused;
  private final LongSupplier clock;

  PublishLimiter(Channel ch) {
    this.ch = ch;
    this.clock = () -> ch.broker.nowMillis() * 1_000_000; // the broker's clock, which tests control
  }

  /**
   * Accounts one PUBLISH of {@code payloadBytes}. Returns false when the client was disconnected for it (the packet
   * must then be dropped); otherwise the packet is handled and the client's next reads may wait.
   */
  boolean admit(int payloadBytes) {
    long waitMillis = 0;
    RateLimits limits = ch.settings.rateLimits();
    if (limits.any()) {
      long overMessages = 0;
      long overBytes = 0;
      if (limits.messagesPerSecond() > 0) {
        if (messages == null) { // a burst of one second's worth
          messages = new TokenBucket(limits.messagesPerSecond(), Math.max(1, limits.messagesPerSecond()), clock);
        }
        overMessages = messages.take(1);
      }
      if (limits.bytesPerSecond() > 0) {
        if (bytes == null) {
          bytes = new TokenBucket(limits.bytesPerSecond(), Math.max(1, limits.bytesPerSecond()), clock);
        }
        overBytes = bytes.take(payloadBytes);
      }
      if (overMessages > 0 || overBytes > 0) {
        ch.broker.counters().rateLimited();
        if (limits.disconnect()) {
          ch.disconnect(overMessages > 0 ? ReasonCode.MESSAGE_RATE_TOO_HIGH : ReasonCode.QUOTA_EXCEEDED,
              overMessages > 0 ? "over mqtt.messages_rate" : "over mqtt.bytes_rate");
          return false;
        }
        waitMillis = Math.max(1, Math.max(overMessages, overBytes) / 1_000_000);
      }
    }
    if (ch.broker.overload().isOverloaded()) {
      waitMillis = Math.max(waitMillis, OVERLOAD_PAUSE_MILLIS);
    }
    if (waitMillis > 0) {
      pause(waitMillis);
    }
    return true;
  }

  /**
   * Keeps {@code packet} for the end of the pause when the client's reads are paused, or when packets kept so are
   * still waiting (they go first); false when it may be handled now.
   */
  boolean holdIfPaused(MqttPacket packet) {
    if (!paused && (heldWhilePaused == null || heldWhilePaused.isEmpty())) {
      return false;
    }
    if (heldWhilePaused == null) {
      heldWhilePaused = new ArrayDeque<>(16);
    }
    heldWhilePaused.add(packet);
    return true;
  }

  /** The connection is gone: the packets held for the end of the pause are dropped. */
  void releaseHeld() {
    if (heldWhilePaused != null) {
      heldWhilePaused.forEach(Channel::release);
      heldWhilePaused.clear();
    }
  }

  private void pause(long millis) {
    if (paused) {
      return;
    }
    paused = true;
    ch.out.setReading(false);
    ch.loop.schedule(this::endPause, millis);
  }

  private void endPause() {
    if (ch.isConnected() && ch.broker.overload().isOverloaded()) {
      // Overload protection: a publisher stays paused until memory recovers. Letting one PUBLISH through per pause
      // still grows the queues of offline sessions, until the direct memory runs out.
      ch.loop.schedule(this::endPause, OVERLOAD_PAUSE_MILLIS);
      return;
    }
    paused = false;
    // the packets that came with the same read; one of them may pause the client again
    while (heldWhilePaused != null && !heldWhilePaused.isEmpty() && ch.isConnected() && !paused) {
      ch.process(heldWhilePaused.poll());
    }
    if (!paused && ch.isConnected()) {
      ch.out.setReading(true);
    }
  }
}
