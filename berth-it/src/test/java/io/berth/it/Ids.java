package io.berth.it;

import java.util.concurrent.atomic.AtomicInteger;

/** Client identifiers and topics unique within a run, so tests sharing a broker never see each other's traffic. */
public final class Ids {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private Ids() {}

  public static String client(String role) {
    return role + "-" + NEXT.incrementAndGet();
  }

  /** A topic prefix of its own: "t12/". */
  public static String topicRoot() {
    return "t" + NEXT.incrementAndGet();
  }
}
