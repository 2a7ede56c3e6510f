package io.berth.core.channel;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.berth.core.security.Authorizer;
import io.berth.core.topic.Topics;
import io.netty.buffer.ByteBuf;

/** PUBLISH from the client, QoS 0, 1 and 2 (MQTT 3.3, 4.3), and the PUBREL that completes QoS 2. */
final class PublishFlow {
  private final Channel ch;

  PublishFlow(Channel ch) {
    this.ch = ch;
  }

  void handlePublish(Publish p) {
    if (!ch.flows().publishLimiter().admit(p.payload().readableBytes())) {
      p.payload().release();
      return;
    }
    ch.broker.counters().messageReceived(p.qos());
    Message message;
    try {
      message = toMessage(p);
    } catch (ProtocolViolation v) {
      p.payload().release();
      throw v;
    }
    try {
      if (!ClientAuthorization.allows(ch, Authorizer.Action.PUBLISH, message.topic(), p.qos(), p.retain())) {
        denied(p);
        return;
      }
      switch (p.qos()) {
        case 0 -> ch.broker.publish(message);
        case 1 -> {
          int receivers = ch.broker.publish(message);
          ch.flows().durableAcks().send(ch.broker.wroteToDisk(message), reason(receivers),
              r -> new PubAck(p.packetId(), r, MqttProperties.NONE), null);
        }
        default -> publishQos2(p, message);
      }
    } finally {
      message.release();
    }
  }

  /**
   * Authorization refused the PUBLISH: it is not routed. MQTT 5 clients learn it from PUBACK/PUBREC 0x87; MQTT 3.1.1
   * has no way to say it, so the acknowledgement is the normal one; a QoS 0 message is just dropped. With
   * deny_action = disconnect the connection is closed instead.
   */
  private void denied(Publish p) {
    ch.broker.counters().publishDenied();
    if (ch.security.disconnectOnDeny()) {
      ch.disconnect(ReasonCode.NOT_AUTHORIZED, "not authorized to publish to this topic");
      return;
    }
    int reason = ch.version == MqttVersion.V5 ? ReasonCode.NOT_AUTHORIZED : ReasonCode.SUCCESS;
    if (p.qos() == 1) {
      ch.out.send(new PubAck(p.packetId(), reason, MqttProperties.NONE));
    } else if (p.qos() == 2) { // a failure PUBREC ends the exchange: the id is not kept awaiting PUBREL
      ch.out.send(new PubRec(p.packetId(), reason, MqttProperties.NONE));
    }
  }

  /**
   * QoS 2, method B of MQTT 4.3.3: the message is routed on first receipt; a PUBLISH with a packet id still
   * awaiting PUBREL is a resend and is only acknowledged again [MQTT-4.3.3-9].
   */
  private void publishQos2(Publish p, Message message) {
    var awaiting = ch.session.awaitingRel();
    int reason = ReasonCode.SUCCESS; // a resend was accepted the first time: not "no matching subscribers"
    boolean wroteToDisk = false;
    if (!awaiting.contains(p.packetId())) {
      if (awaiting.size() >= Math.max(ch.settings.maxAwaitingRel(), ch.settings.maxInflight())) {
        // The client ignored the Receive Maximum the server sent [MQTT-3.3.4-9]
        throw new ProtocolViolation(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "too many QoS 2 messages awaiting PUBREL");
      }
      reason = reason(ch.broker.publishQos2(ch.session, p.packetId(), message));
      wroteToDisk = ch.broker.wroteToDisk(ch.session, message);
    }
    ch.flows().durableAcks().send(wroteToDisk, reason, r -> new PubRec(p.packetId(), r, MqttProperties.NONE),
        () -> {
          awaiting.remove(p.packetId());
          ch.session.journalAwaitingRel(p.packetId(), false);
        });
  }

  void handlePubRel(PubRel r) {
    boolean known = ch.session.awaitingRel().remove(r.packetId());
    if (known) {
      ch.session.journalAwaitingRel(r.packetId(), false);
    }
    int reason = known || ch.version != MqttVersion.V5 ? 0 : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
    ch.out.send(new PubComp(r.packetId(), reason, MqttProperties.NONE)); // [MQTT-4.3.3-11]
  }

  private Message toMessage(Publish p) {
    MqttSettings cfg = ch.settings;
    if (p.qos() > cfg.maxQos()) { // [MQTT-3.2.2-11]
      throw new ProtocolViolation(ReasonCode.QOS_NOT_SUPPORTED, "QoS " + p.qos() + " above maximum");
    }
    if (p.retain() && !cfg.retainAvailable()) { // [MQTT-3.2.2-14]
      throw new ProtocolViolation(ReasonCode.RETAIN_NOT_SUPPORTED, "retain not available");
    }
    MqttProperties props = p.properties();
    if (!props.subscriptionIdentifiers().isEmpty()) { // [MQTT-3.3.4-6]
      throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "subscription identifier in PUBLISH from client");
    }
    String topic = ch.aliases.resolveInbound(p.topic(), props.intValue(Property.TOPIC_ALIAS, 0));
    if (!Topics.isValidTopicName(topic, cfg.maxTopicLevels())) { // [MQTT-3.3.2-2]
      throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "invalid topic name");
    }
    long expiry = props.longValue(Property.MESSAGE_EXPIRY_INTERVAL, 0);
    long expiresAt = expiry == 0 ? 0 : ch.broker.nowMillis() + expiry * 1000;
    if (props.has(Property.TOPIC_ALIAS) || props.has(Property.MESSAGE_EXPIRY_INTERVAL)) {
      // not forwarded as such: aliases are per connection; the expiry is recomputed on sending [MQTT-3.3.2-6]
      props = props.toBuilder().remove(Property.TOPIC_ALIAS).remove(Property.MESSAGE_EXPIRY_INTERVAL).build();
    }
    return new Message(topic, ownPayload(p.payload()), p.qos(), p.retain(), props, ch.clientId, expiresAt);
  }

  /**
   * The payload in a buffer of its own. The decoder hands it over as a slice of the connection's read buffer, and a
   * message kept in a queue (an offline session's) would keep that whole buffer, and the allocator chunk under it,
   * alive for a few bytes of its own: memory then grows many times faster than the messages queued, faster than
   * overload protection can see it. Takes ownership of {@code slice}.
   */
  private static ByteBuf ownPayload(ByteBuf slice) {
    if (slice.unwrap() == null) {
      return slice;
    }
    try {
      int n = slice.readableBytes();
      ByteBuf own = slice.alloc().directBuffer(n, n);
      // read from the slice rather than written into the copy: between two direct buffers Netty then copies memory
      // to memory, where writeBytes would first make an NIO view of the copy (an object per message)
      slice.getBytes(slice.readerIndex(), own, 0, n);
      return own.writerIndex(n);
    } finally {
      slice.release();
    }
  }

  /** 0x10 No matching subscribers is MQTT 5 only; 3.1.1 acknowledgements carry no reason. */
  private int reason(int receivers) {
    return receivers == 0 && ch.version == MqttVersion.V5 ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
  }
}
