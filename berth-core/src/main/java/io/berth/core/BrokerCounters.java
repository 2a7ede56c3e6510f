package io.berth.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's running totals (what came in, went out, was dropped, refused or allowed), read by the management API's
 * metrics, the Prometheus meters and the $SYS topics. Every increment is a {@link LongAdder}: no lock, no allocation,
 * no contention between event loops, so the publish and delivery paths may count every message.
 */
public final class BrokerCounters {
  private final LongAdder publishDenied = new LongAdder();
  private final LongAdder subscribeDenied = new LongAdder();
  private final LongAdder connectRefused = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder[] received = {new LongAdder(), new LongAdder(), new LongAdder()};
  private final LongAdder[] sent = {new LongAdder(), new LongAdder(), new LongAdder()};
  private final LongAdder droppedBySessions = new LongAdder();
  private final LongAdder droppedNoSubscribers = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder connectReceived = new LongAdder();
  private final LongAdder connected = new LongAdder();
  private final LongAdder disconnected = new LongAdder();
  private final AtomicLong maxLive = new AtomicLong(); // per connect only, never per message
  private final LongAdder authnSuccess = new LongAdder();
  private final LongAdder authnFailure = new LongAdder();
  private final LongAdder authzAllow = new LongAdder();
  private final LongAdder authzDeny = new LongAdder();
  private final LongAdder overloadRefused = new LongAdder();

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

  /** A PUBLISH from a client, admitted past the rate limits (before authorization). */
  public void messageReceived(int qos) {
    received[qos].increment();
  }

  /** A PUBLISH written to a client (a redelivery with DUP counts again). */
  public void messageSent(int qos) {
    sent[qos].increment();
  }

  /** A message a session dropped: queue full, QoS 0 for a slow reader or an offline client, over its packet size. */
  public void messageDropped() {
    droppedBySessions.increment();
  }

  /** A published message that no subscription matched. */
  public void droppedNoSubscribers() {
    droppedNoSubscribers.increment();
  }

  public void bytesReceived(int n) {
    bytesReceived.add(n);
  }

  public void bytesSent(int n) {
    bytesSent.add(n);
  }

  public void connectReceived() {
    connectReceived.increment();
  }

  /** A client got its CONNACK; keeps the high-water mark of connected clients. */
  public void clientConnected() {
    connected.increment();
    long live = liveConnections();
    maxLive.accumulateAndGet(live, Math::max);
  }

  /** A connected client's connection ended (whatever the reason). */
  public void clientDisconnected() {
    disconnected.increment();
  }

  public void authenticated(boolean success) {
    (success ? authnSuccess : authnFailure).increment();
  }

  public void authorized(boolean allowed) {
    (allowed ? authzAllow : authzDeny).increment();
  }

  /** A CONNECT refused by overload protection (0x89 Server busy). */
  public void overloadRefused() {
    overloadRefused.increment();
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

  public long receivedCount(int qos) {
    return received[qos].sum();
  }

  public long receivedCount() {
    return receivedCount(0) + receivedCount(1) + receivedCount(2);
  }

  public long sentCount(int qos) {
    return sent[qos].sum();
  }

  public long sentCount() {
    return sentCount(0) + sentCount(1) + sentCount(2);
  }

  /** Every message dropped: by sessions, and for want of subscribers. */
  public long droppedCount() {
    return droppedBySessions.sum() + droppedNoSubscribers.sum();
  }

  public long droppedNoSubscribersCount() {
    return droppedNoSubscribers.sum();
  }

  public long bytesReceivedCount() {
    return bytesReceived.sum();
  }

  public long bytesSentCount() {
    return bytesSent.sum();
  }

  public long connectReceivedCount() {
    return connectReceived.sum();
  }

  public long connectedCount() {
    return connected.sum();
  }

  public long disconnectedCount() {
    return disconnected.sum();
  }

  /** Clients connected now (CONNACK sent, connection not yet closed). */
  public long liveConnections() {
    return Math.max(0, connected.sum() - disconnected.sum());
  }

  /** The most clients connected at once since the start. */
  public long maxLiveConnections() {
    return maxLive.get();
  }

  public long authenticationSuccessCount() {
    return authnSuccess.sum();
  }

  public long authenticationFailureCount() {
    return authnFailure.sum();
  }

  public long authorizationAllowCount() {
    return authzAllow.sum();
  }

  public long authorizationDenyCount() {
    return authzDeny.sum();
  }

  public long overloadRefusedCount() {
    return overloadRefused.sum();
  }
}
