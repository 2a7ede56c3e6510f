package io.berth.core.persist;

import io.berth.core.router.Delivery;
import java.util.List;

/**
 * The deliveries a restored persistent session had on disk, read back when its client returns. Each delivery holds
 * one message reference that the session takes over.
 *
 * @param inflight the deliveries that were in flight, in the order they were sent
 * @param queued the deliveries still queued, in the order they were queued
 */
public record StoredBacklog(List<Inflight> inflight, List<Delivery> queued) {
  public static final StoredBacklog EMPTY = new StoredBacklog(List.of(), List.of());

  /** A delivery that was in flight: resent under its packet id with DUP, or its PUBREL resent [MQTT-4.4.0-1]. */
  public record Inflight(Delivery delivery, int packetId, boolean released) {}
}
