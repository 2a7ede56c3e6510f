package io.berth.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a Netty buffer leak fail the test class that caused it. Registered for every class through JUnit's extension
 * auto-detection (META-INF/services), so its static initializer runs before any broker is started: it installs a
 * {@link ResourceLeakDetectorFactory} whose detectors count the leaks they report. After each class it forces a few
 * garbage collections, allocates tracked buffers (which is when Netty reports the leaks it found) and fails the class
 * if any leak was reported. Runs with {@code -Dio.netty.leakDetection.level=paranoid} (see the pom): every buffer is
 * tracked.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger DETECTORS = new AtomicInteger();
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new CountingFactory());
  }

  private int leaksBefore;

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (LEAKS) {
      leaksBefore = LEAKS.size();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    provokeReports();
    if (DETECTORS.get() == 0) {
      throw new AssertionError("Netty's leak detector was created before LeakCheckExtension could count its "
          + "reports: leaks would go unnoticed");
    }
    List<String> found;
    synchronized (LEAKS) {
      found = new ArrayList<>(LEAKS.subList(leaksBefore, LEAKS.size()));
    }
    if (!found.isEmpty()) {
      throw new AssertionError(found.size() + " Netty buffer leak(s) reported during "
          + context.getDisplayName() + ":\n" + String.join("\n----\n", found));
    }
  }

  /** Netty reports a leak when a new buffer is tracked after the leaked one was collected. */
  private static void provokeReports() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      for (ByteBufAllocator alloc : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
        ByteBuf b = alloc.buffer(1);
        b.release();
        ByteBuf h = alloc.heapBuffer(1);
        h.release();
      }
    }
  }

  private static final class CountingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
        long maxActive) {
      DETECTORS.incrementAndGet();
      return new CountingDetector<>(resource, samplingInterval);
    }
  }

  private static final class CountingDetector<T> extends ResourceLeakDetector<T> {
    CountingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record("LEAK: " + resourceType + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record("LEAK: " + resourceType + " (no access records)");
      super.reportUntracedLeak(resourceType);
    }

    private static void record(String what) {
      synchronized (LEAKS) {
        LEAKS.add(what);
      }
    }
  }
}
