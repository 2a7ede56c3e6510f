package io.berth.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the broker refused or dropped for security reasons, read by the metrics and the audit. Cheap to
 * increment from any event loop.
 */
public final class BrokerCounters {
  private final LongAdder publishDenied = new LongAdder();
  private final LongAdder subscribeDenied = new LongAdder();
  private final LongAdder connectRefused = new LongAdder();

  public void publishDenied() {
    publishDenied.increment();
  }

  public void subscribeDenied() {
    subscribeDenied.increment();
  }

  public void connectRefused() {
    connectRefused.increment();
  }

  /** PUBLISH packets authorization refused (QoS 0 ones dropped, others acknowledged with 0x87). */
  public long publishDeniedCount() {
    return publishDenied.sum();
  }

  public long subscribeDeniedCount() {
    return subscribeDenied.sum();
  }

  /** CONNECTs refused: authentication, bans, bad client identifiers, malformed CONNECTs. */
  public long connectRefusedCount() {
    return connectRefused.sum();
  }
}
