package io.berth.server.connection;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * One {@link EncodedPublishCache} per event loop (per thread) for the connections of one broker; a cache is released
 * when its loop's thread ends (Netty removes a thread's FastThreadLocals then), or by {@link #clearCurrent}.
 */
public final class EncodedPublishCaches {
  private final FastThreadLocal<EncodedPublishCache> caches = new FastThreadLocal<>() {
    @Override
    protected EncodedPublishCache initialValue() {
      return new EncodedPublishCache();
    }

    @Override
    protected void onRemoval(EncodedPublishCache cache) {
      cache.clear();
    }
  };

  /** The cache of the calling thread (an event loop). */
  public EncodedPublishCache current() {
    return caches.get();
  }

  /** Releases and forgets the calling thread's cache. */
  public void clearCurrent() {
    caches.remove();
  }
}
