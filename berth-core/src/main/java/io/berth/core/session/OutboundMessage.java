package io.berth.core.session;

import io.berth.core.router.Delivery;

/** A QoS 1 or 2 message sent to the client and not yet fully acknowledged (MQTT 4.3.2, 4.3.3). */
public final class OutboundMessage {
  private final Delivery delivery;
  private final int packetId;
  private boolean released; // QoS 2: PUBREC received and PUBREL sent, awaiting PUBCOMP

  public OutboundMessage(Delivery delivery, int packetId) {
    this.delivery = delivery;
    this.packetId = packetId;
  }

  public Delivery delivery() {
    return delivery;
  }

  public int packetId() {
    return packetId;
  }

  public boolean isReleased() {
    return released;
  }

  public void markReleased() {
    released = true;
  }
}
