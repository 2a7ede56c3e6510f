package io.berth.it;

import io.berth.core.MqttSettings;

/** A mutable copy of {@link MqttSettings} for tests that need other limits than the defaults. */
public final class Settings {
  public int maxPacketSize;
  public int maxClientIdLength;
  public int maxTopicLevels;
  public int maxQos;
  public int maxTopicAlias;
  public boolean retainAvailable;
  public boolean wildcardSubscription;
  public boolean sharedSubscription;
  public int maxInflight;
  public int maxMqueueLen;
  public boolean mqueueStoreQos0;
  public int maxAwaitingRel;
  public long sessionExpiryInterval;
  public double keepaliveMultiplier;
  public int serverKeepAlive;
  public long connectTimeoutMillis;
  public int maxSubscriptions;
  public io.berth.core.RateLimits rateLimits;

  private Settings(MqttSettings s) {
    maxPacketSize = s.maxPacketSize();
    maxClientIdLength = s.maxClientIdLength();
    maxTopicLevels = s.maxTopicLevels();
    maxQos = s.maxQos();
    maxTopicAlias = s.maxTopicAlias();
    retainAvailable = s.retainAvailable();
    wildcardSubscription = s.wildcardSubscription();
    sharedSubscription = s.sharedSubscription();
    maxInflight = s.maxInflight();
    maxMqueueLen = s.maxMqueueLen();
    mqueueStoreQos0 = s.mqueueStoreQos0();
    maxAwaitingRel = s.maxAwaitingRel();
    sessionExpiryInterval = s.sessionExpiryInterval();
    keepaliveMultiplier = s.keepaliveMultiplier();
    serverKeepAlive = s.serverKeepAlive();
    connectTimeoutMillis = s.connectTimeoutMillis();
    maxSubscriptions = s.maxSubscriptions();
    rateLimits = s.rateLimits();
  }

  /** The defaults of reference.conf, to change field by field. */
  public static Settings defaults() {
    return new Settings(MqttSettings.defaults());
  }

  public MqttSettings build() {
    return new MqttSettings(maxPacketSize, maxClientIdLength, maxTopicLevels, maxQos, maxTopicAlias, retainAvailable,
        wildcardSubscription, sharedSubscription, maxInflight, maxMqueueLen, mqueueStoreQos0, maxAwaitingRel,
        sessionExpiryInterval, keepaliveMultiplier, serverKeepAlive, connectTimeoutMillis, maxSubscriptions,
        rateLimits);
  }
}
