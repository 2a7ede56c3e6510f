package io.berth.core.persist;

import io.berth.core.EventLoopRef;

/**
 * Where the broker's durable writes go (berth-store keeps them in RocksDB). The core only asks one thing of it: to
 * run a callback once everything written so far is on disk, so that a PUBACK/PUBREC promises only what a crash
 * cannot take back. Writes themselves go through the durable stores (the retained store today); they are queued in
 * one FIFO per broker, so a barrier taken after a write is passed only once that write is durable (group commit).
 */
public interface Persistence {

  /** Runs on the owner's loop once the writes queued before it are durable; {@code written} is false on failure. */
  interface Durable {
    void done(boolean written);
  }

  /** Where persistent sessions write; {@link SessionJournal#NONE} without a disk. */
  default SessionJournal sessions() {
    return SessionJournal.NONE;
  }

  /** False when nothing reaches a disk (durability.sync = none): acknowledgements need not wait. */
  boolean isDurable();

  /**
   * Calls {@code then} on {@code loop} once every write queued before this call is durable (or failed, e.g. disk
   * full). Callbacks run in the order they were asked for.
   */
  void afterDurable(EventLoopRef loop, Durable then);
}
