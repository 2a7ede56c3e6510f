package io.berth.core.persist;

import io.berth.core.EventLoopRef;

/** No disk: everything lives as long as the process. The default, and what core tests use. */
public final class MemoryOnly implements Persistence {

  @Override
  public boolean isDurable() {
    return false;
  }

  @Override
  public void afterDurable(EventLoopRef loop, Durable then) {
    then.done(true);
  }
}
