package io.berth.core.channel;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.core.Message;
import io.berth.core.router.Delivery;
import io.berth.core.session.OutboundMessage;
import io.berth.core.session.Session;
import java.util.Iterator;

/**
 * Messages to the client (MQTT 4.3, 4.4, 4.9): QoS 0 at once, QoS 1 and 2 through the inflight window (the lower of
 * the server's max_inflight and the client's Receive Maximum [MQTT-3.3.4-7]), the rest queued in the session.
 * Unacknowledged messages are resent with DUP when the session resumes [MQTT-4.4.0-1].
 */
final class DeliveryFlow {
  private final Channel ch;
  private int window;
  private long clientMaxPacketSize; // 0: no limit

  DeliveryFlow(Channel ch) {
    this.ch = ch;
  }

  void configure(int clientReceiveMaximum, long clientMaximumPacketSize) {
    this.window = Math.min(ch.settings.maxInflight(), clientReceiveMaximum);
    this.clientMaxPacketSize = clientMaximumPacketSize;
  }

  /** A delivery from the session; this flow owns its message reference. */
  void deliver(Delivery d) {
    Session s = ch.session;
    if (d.qos() == 0) {
      sendQos0(d);
    } else if (s.inflightCount() < window && !s.hasQueued()) {
      sendNew(d);
    } else {
      s.enqueue(d);
    }
  }

  private void sendQos0(Delivery d) {
    try {
      Message m = d.message();
      if (!ch.out.isWritable()) { // a slow reader: QoS 0 may be lost, memory must stay bounded
        ch.session.countDropped();
      } else if (m.isExpired(ch.broker.nowMillis())) {
        return; // [MQTT-3.3.2-5]
      } else if (d.subscriptionIds().length == 0 && m.expiresAtMillis() == 0 && !ch.aliases.outboundEnabled()) {
        // nothing of this client's own in the packet: the outbox may share one encoding among its subscribers
        if (ch.out.sendQos0(m, d.retain(), ch.version, clientMaxPacketSize)) {
          ch.broker.counters().messageSent(0);
        } else {
          ch.session.countDropped(); // over the client's Maximum Packet Size [MQTT-3.1.2-25]
        }
      } else {
        send(d, 0, false);
      }
    } finally {
      d.message().release();
    }
  }

  private void sendNew(Delivery d) {
    if (d.message().isExpired(ch.broker.nowMillis())) { // [MQTT-3.3.2-5]
      ch.session.finish(d);
      return;
    }
    int id = ch.session.nextPacketId();
    if (id == 0) { // cannot happen with a window ≤ 65535, kept as a guard
      ch.session.enqueue(d);
      return;
    }
    if (d.qos() == 2 && d.storeSeq() != 0 && ch.broker.persistence().isDurable()) {
      // Exactly once across a crash: the client must never see a packet id the store could forget [MQTT-4.3.3-3]
      OutboundMessage m = new OutboundMessage(d, id);
      ch.session.inflight().put(id, m);
      ch.session.journalInflight(d, id, false);
      ch.broker.persistence().afterDurable(ch.loop, written -> sendOnceStored(m));
      return;
    }
    if (!send(d, id, false)) {
      ch.session.finish(d);
      return;
    }
    ch.session.inflight().put(id, new OutboundMessage(d, id));
    ch.session.journalInflight(d, id, false);
  }

  /** A QoS 2 message whose packet id is now on disk; one no longer in flight here is resent by {@link #resume}. */
  private void sendOnceStored(OutboundMessage m) {
    if (!ch.isConnected() || ch.session.inflight().get(m.packetId()) != m) {
      return;
    }
    if (!send(m.delivery(), m.packetId(), false)) {
      ch.session.inflight().remove(m.packetId());
      ch.session.finish(m.delivery());
      fillWindow();
    }
  }

  /**
   * Encodes and sends one PUBLISH; false when the client's Maximum Packet Size forbids it, in which case the message
   * is dropped for this client [MQTT-3.1.2-25].
   */
  private boolean send(Delivery d, int packetId, boolean dup) {
    Message m = d.message();
    MqttProperties props = outgoingProperties(d, m);
    String topic = m.topic();
    int alias = ch.aliases.outbound(topic);
    if (alias != 0) {
      props = props.toBuilder().set(Property.TOPIC_ALIAS, Math.abs(alias)).build();
      if (alias > 0) {
        topic = "";
      }
    }
    Publish p = new Publish(topic, d.qos(), d.retain(), dup, packetId, props, m.payload().duplicate());
    if (clientMaxPacketSize > 0 && MqttEncoder.encodedSize(p, ch.version) > clientMaxPacketSize) {
      if (alias < 0) { // the client never learns this alias: the next PUBLISH on the topic must set it again
        ch.aliases.forgetNewOutbound(m.topic());
      }
      ch.session.countDropped();
      return false;
    }
    m.retain(); // the outbox releases the packet's reference once written
    ch.out.send(p);
    ch.broker.counters().messageSent(d.qos());
    return true;
  }

  private MqttProperties outgoingProperties(Delivery d, Message m) {
    if (!ch.version.isV5()) {
      return MqttProperties.NONE;
    }
    if (d.subscriptionIds().length == 0 && m.expiresAtMillis() == 0) {
      return m.properties();
    }
    MqttProperties.Builder b = m.properties().toBuilder();
    for (int id : d.subscriptionIds()) { // [MQTT-3.3.4-3]
      b.addSubscriptionIdentifier(id);
    }
    if (m.expiresAtMillis() != 0) { // the time left, not the original interval [MQTT-3.3.2-6]
      b.set(Property.MESSAGE_EXPIRY_INTERVAL, m.remainingExpirySeconds(ch.broker.nowMillis()));
    }
    return b.build();
  }

  void handlePubAck(PubAck a) {
    OutboundMessage m = ch.session.inflight().get(a.packetId());
    if (m != null && m.delivery().qos() == 1) {
      ch.session.inflight().remove(a.packetId());
      ch.session.finish(m.delivery());
      fillWindow();
    }
  }

  void handlePubRec(PubRec r) {
    OutboundMessage m = ch.session.inflight().get(r.packetId());
    if (m == null || m.delivery().qos() != 2) {
      int reason = ch.version.isV5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : 0;
      ch.out.send(new PubRel(r.packetId(), reason, MqttProperties.NONE));
      return;
    }
    if (ReasonCode.isError(r.reasonCode())) { // the client refused it: the flow ends here [MQTT-4.3.3-4]
      ch.session.inflight().remove(r.packetId());
      ch.session.finish(m.delivery());
      fillWindow();
      return;
    }
    m.markReleased();
    ch.session.journalInflight(m.delivery(), r.packetId(), true);
    if (m.delivery().storeSeq() != 0 && ch.broker.persistence().isDurable()) {
      // Once PUBREL is out the PUBLISH must never be resent [MQTT-4.3.3-5]: the state is on disk first
      ch.broker.persistence().afterDurable(ch.loop, written -> sendPubRelOnceStored(m));
    } else {
      ch.out.send(new PubRel(r.packetId()));
    }
  }

  /** One no longer in flight here (taken over, disconnected) gets its PUBREL from {@link #resume}. */
  private void sendPubRelOnceStored(OutboundMessage m) {
    if (ch.isConnected() && ch.session.inflight().get(m.packetId()) == m) {
      ch.out.send(new PubRel(m.packetId()));
    }
  }

  void handlePubComp(PubComp c) {
    OutboundMessage m = ch.session.inflight().get(c.packetId());
    if (m != null && m.isReleased()) {
      ch.session.inflight().remove(c.packetId());
      ch.session.finish(m.delivery());
      fillWindow();
    }
  }

  /** Moves queued messages into the inflight window while it has room. */
  private void fillWindow() {
    Session s = ch.session;
    while (s.inflightCount() < window && s.hasQueued()) {
      Delivery d = s.queue().pollFirst();
      if (d.qos() == 0) {
        sendQos0(d);
      } else {
        sendNew(d);
      }
    }
  }

  /**
   * The session resumed on this connection: resend unacknowledged PUBLISH with DUP and PUBREL for released QoS 2
   * messages, in their original order [MQTT-4.4.0-1] [MQTT-4.6.0-1], then send what was queued.
   */
  void resume() {
    if (ch.session.inflightCount() == 0) {
      fillWindow();
      return;
    }
    Iterator<OutboundMessage> it = ch.session.inflight().values().iterator();
    while (it.hasNext()) {
      OutboundMessage m = it.next();
      if (m.isReleased()) {
        ch.out.send(new PubRel(m.packetId()));
      } else if (!send(m.delivery(), m.packetId(), true)) {
        it.remove();
        ch.session.finish(m.delivery());
      }
    }
    fillWindow();
  }
}
