package io.berth.store;

import java.nio.charset.StandardCharsets;

/** The column families of the store, one per kind of record (see docs/durability.md for their keys and values). */
public enum Table {
  /** client id → session expiry, will, last seen (persistent sessions). */
  SESSIONS("sessions"),
  /** client id + filter → subscription options and identifier. */
  SUBSCRIPTIONS("subscriptions"),
  /** message id → topic, payload, QoS, retain, properties, expiry: each message once, however many hold it. */
  MESSAGES("messages"),
  /** client id + sequence → message id, packet id, delivery state (queued or in flight to a session). */
  QUEUE("queue"),
  /** client id + packet id: incoming QoS 2 messages awaiting PUBREL. */
  AWAITING_REL("awaiting_rel"),
  /** topic → the retained message. */
  RETAINED("retained"),
  /** client id → the will of a persistent session's last connection, with its delay ({@link WillRecord}). */
  WILLS("wills"),
  /** ban kind + value → the ban ({@link StoreBanStore}). */
  BANS("bans"),
  /** counter name + key → an open window of flapping detection or failed logins ({@link StoreCounterStore}). */
  COUNTERS("counters");

  private final String cfName;

  Table(String cfName) {
    this.cfName = cfName;
  }

  byte[] cfName() {
    return cfName.getBytes(StandardCharsets.UTF_8);
  }
}
