package io.berth.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the broker refused, slowed or dropped to protect itself, read by the metrics and the audit. Cheap to
 * increment from any event loop.
 */
public final class BrokerCounters {
  private final LongAdder publishDenied = new LongAdder();
  private final LongAdder subscribeDenied = new LongAdder();
  private final LongAdder connectRefused = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();

  public void publishDenied() {
    publishDenied.increment();
  }

  public void subscribeDenied() {
    subscribeDenied.increment();
  }

  public void connectRefused() {
    connectRefused.increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  /** PUBLISH packets over a client's messages_rate or bytes_rate (slowed or disconnected). */
  public long rateLimitedCount() {
    return rateLimited.sum();
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
