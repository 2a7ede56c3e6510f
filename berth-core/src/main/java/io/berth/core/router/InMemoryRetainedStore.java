package io.berth.core.router;

import io.berth.core.Message;
import io.berth.core.topic.Topics;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Retained messages in a concurrent map. A filter without wildcards is one lookup; a wildcard filter scans every
 * retained topic, which is fine for the tens of thousands a broker usually holds and is where a trie goes later.
 */
public final class InMemoryRetainedStore implements RetainedStore {
  private final ConcurrentHashMap<String, Message> byTopic = new ConcurrentHashMap<>();
  private final LongSupplier clockMillis;

  /** @param clockMillis the broker's clock: expired messages are dropped when a lookup meets them */
  public InMemoryRetainedStore(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /**
   * Stores a compact copy: the publisher's payload is a slice of a whole read buffer, which must not stay pinned for
   * as long as the message is retained.
   */
  @Override
  public void put(Message message) {
    Message copy = new Message(message.topic(), Unpooled.copiedBuffer(message.payload()), message.qos(), true,
        message.properties(), message.publisherId(), message.expiresAtMillis());
    Message old = byTopic.put(message.topic(), copy);
    if (old != null) {
      old.release();
    }
  }

  @Override
  public void remove(String topic) {
    Message old = byTopic.remove(topic);
    if (old != null) {
      old.release();
    }
  }

  @Override
  public List<Message> match(String filter) {
    List<Message> out = new ArrayList<>();
    if (!Topics.hasWildcard(filter)) {
      retainInto(byTopic.get(filter), out);
      return out;
    }
    for (Message m : byTopic.values()) {
      if (Topics.matches(filter, m.topic())) {
        retainInto(m, out);
      }
    }
    return out;
  }

  /** Retains for the caller; a message replaced meanwhile may already be released, so it is skipped. */
  private void retainInto(Message m, List<Message> out) {
    if (m == null) {
      return;
    }
    if (m.isExpired(clockMillis.getAsLong())) { // [MQTT-3.3.2-5]: never sent once expired, so let it go
      if (byTopic.remove(m.topic(), m)) {
        m.release();
      }
      return;
    }
    try {
      out.add(m.retain());
    } catch (io.netty.util.IllegalReferenceCountException replacedMeanwhile) {
      // the topic got a newer retained message while we looked; that one is delivered by the normal route
    }
  }

  @Override
  public List<String> topics() {
    return new ArrayList<>(byTopic.keySet());
  }

  @Override
  public int size() {
    return byTopic.size();
  }

  @Override
  public void close() {
    byTopic.keySet().forEach(this::remove);
  }
}
