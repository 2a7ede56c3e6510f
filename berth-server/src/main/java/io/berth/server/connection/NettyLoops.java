package io.berth.server.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link NettyLoop} per event loop for the connections of a broker, instead of one per connection: a NettyLoop
 * is a stateless view of its executor (equal to any other of the same executor), so sharing it changes nothing.
 * Made on first use; the broker's loops live as long as it does.
 */
public final class NettyLoops {
  private final Map<EventExecutor, NettyLoop> loops = new ConcurrentHashMap<>();

  /** The view of {@code executor}. */
  NettyLoop of(EventExecutor executor) {
    NettyLoop l = loops.get(executor);
    return l != null ? l : loops.computeIfAbsent(executor, NettyLoop::new);
  }
}
