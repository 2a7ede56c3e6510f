package io.berth.core.harness;

import io.berth.core.MqttSettings;
import io.berth.core.RateLimits;

/** A mutable copy of {@link MqttSettings#defaults()} for tests that change one limit. */
public final class Settings {
  private final MqttSettings d = MqttSettings.defaults();
  public int maxPacketSize = d.maxPacketSize();
  public int maxClientIdLength = d.maxClientIdLength();
  public int maxTopicLevels = d.maxTopicLevels();
  public int maxQos = d.maxQos();
  public int maxTopicAlias = d.maxTopicAlias();
  public boolean retainAvailable = d.retainAvailable();
  public boolean wildcardSubscription = d.wildcardSubscription();
  public boolean sharedSubscription = d.sharedSubscription();
  public int maxInflight = d.maxInflight();
  public int maxMqueueLen = d.maxMqueueLen();
  public boolean mqueueStoreQos0 = d.mqueueStoreQos0();
  public int maxAwaitingRel = d.maxAwaitingRel();
  public long sessionExpiryInterval = d.sessionExpiryInterval();
  public double keepaliveMultiplier = d.keepaliveMultiplier();
  public int serverKeepAlive = d.serverKeepAlive();
  public long connectTimeoutMillis = d.connectTimeoutMillis();
  public int maxSubscriptions = d.maxSubscriptions();
  public RateLimits rateLimits = d.rateLimits();

  public static Settings defaults() {
    return new Settings();
  }

  public MqttSettings build() {
    return new MqttSettings(maxPacketSize, maxClientIdLength, maxTopicLevels, maxQos, maxTopicAlias, retainAvailable,
        wildcardSubscription, sharedSubscription, maxInflight, maxMqueueLen, mqueueStoreQos0, maxAwaitingRel,
        sessionExpiryInterval, keepaliveMultiplier, serverKeepAlive, connectTimeoutMillis, maxSubscriptions,
        rateLimits);
  }
}
