package io.berth.core.harness;

import io.berth.core.EventLoopRef;
import io.berth.core.persist.Persistence;
import java.util.ArrayDeque;

/**
 * A durable persistence whose disk answers when the test says: each barrier waits until {@link #complete} posts
 * its callback to the asking loop, as the store's writer thread does after a write.
 */
public final class HeldPersistence implements Persistence {
  private record Waiting(EventLoopRef loop, Durable then) {}

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  @Override
  public boolean isDurable() {
    return true;
  }

  @Override
  public void afterDurable(EventLoopRef loop, Durable then) {
    waiting.add(new Waiting(loop, then));
  }

  /** The disk finished everything queued so far: successfully, or not (disk full). */
  public void complete(boolean written) {
    Waiting w;
    while ((w = waiting.poll()) != null) {
      Waiting done = w;
      done.loop().execute(() -> done.then().done(written));
    }
  }

  public int waiting() {
    return waiting.size();
  }
}
