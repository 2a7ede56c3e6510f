package io.berth.core.channel;

/**
 * The flows of a connection that most connections never need, each made on first use: most of a broker's clients
 * are idle and authenticate with a password, so they never run an AUTH exchange, publish, subscribe or wait for a
 * durable acknowledgement. The {@link Channel} makes this holder with the first of them, so an idle connection pays
 * one null reference for all five.
 */
final class ChannelFlows {
  private final Channel ch;
  private AuthFlow authFlow;
  private PublishLimiter publishLimiter;
  private PublishFlow publishFlow;
  private SubscribeFlow subscribeFlow;
  private DurableAcks durableAcks;

  ChannelFlows(Channel ch) {
    this.ch = ch;
  }

  /** The MQTT 5 enhanced authentication of this connection (made when a CONNECT or AUTH first needs it). */
  AuthFlow authFlow() {
    if (authFlow == null) {
      authFlow = new AuthFlow(ch);
    }
    return authFlow;
  }

  /** Whether an enhanced authentication exchange is under way (never before one began). */
  boolean authInProgress() {
    return authFlow != null && authFlow.inProgress();
  }

  /** This client's publish rate limiter (made with its first PUBLISH). */
  PublishLimiter publishLimiter() {
    if (publishLimiter == null) {
      publishLimiter = new PublishLimiter(ch);
    }
    return publishLimiter;
  }

  /** The publish limiter if the client published already, else null (it has then never paused the client). */
  PublishLimiter publishLimiterIfMade() {
    return publishLimiter;
  }

  /** PUBLISH and PUBREL from the client (made with the first). */
  PublishFlow publishFlow() {
    if (publishFlow == null) {
      publishFlow = new PublishFlow(ch);
    }
    return publishFlow;
  }

  /** SUBSCRIBE and UNSUBSCRIBE (made with the first). */
  SubscribeFlow subscribeFlow() {
    if (subscribeFlow == null) {
      subscribeFlow = new SubscribeFlow(ch);
    }
    return subscribeFlow;
  }

  /** The acknowledgements that may wait for the disk (made with the first acknowledgement). */
  DurableAcks durableAcks() {
    if (durableAcks == null) {
      durableAcks = new DurableAcks(ch);
    }
    return durableAcks;
  }
}
