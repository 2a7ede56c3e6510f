package io.berth.core.harness;

import io.berth.core.Message;
import io.berth.core.router.InMemoryRetainedStore;
import io.berth.core.router.RetainedStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/** The in-memory store, remembering every topic ever stored so the test can empty it and check its copies. */
public final class TrackingRetainedStore implements RetainedStore {
  private final InMemoryRetainedStore delegate;
  private final Set<String> topics = new LinkedHashSet<>();

  public TrackingRetainedStore(LongSupplier clockMillis) {
    this.delegate = new InMemoryRetainedStore(clockMillis);
  }

  @Override
  public void put(Message message) {
    topics.add(message.topic());
    delegate.put(message);
  }

  @Override
  public void remove(String topic) {
    delegate.remove(topic);
  }

  @Override
  public List<Message> match(String filter) {
    return delegate.match(filter);
  }

  @Override
  public List<String> topics() {
    return delegate.topics();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  /** Every topic that was ever stored (some may be removed since). */
  Set<String> topicsEverStored() {
    return topics;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
