package io.berth.codec.packet;

/** One topic filter of a SUBSCRIBE with its Subscription Options (3.8.3.1). */
public record Subscription(
    String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {

  public static Subscription of(String filter, int qos) {
    return new Subscription(filter, qos, false, false, 0);
  }
}
