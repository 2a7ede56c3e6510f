package io.berth.server.api.retained;

import io.berth.core.Message;
import io.netty.buffer.ByteBufUtil;
import java.util.Base64;

/** A retained message as {@code /api/v5/mqtt/retainer} shows it: the payload in base64. */
record RetainedView(String topic, int qos, String payload, int payloadSize, String fromClientid) {

  /** Copies what it needs; the caller still releases {@code m}. */
  static RetainedView of(Message m) {
    byte[] bytes = ByteBufUtil.getBytes(m.payload());
    String from = m.publisherId() == null || m.publisherId().isEmpty() ? null : m.publisherId();
    return new RetainedView(m.topic(), m.qos(), Base64.getEncoder().encodeToString(bytes), bytes.length, from);
  }
}
