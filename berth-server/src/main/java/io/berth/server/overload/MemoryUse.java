package io.berth.server.overload;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * How full the broker's memory is, as the larger of two shares: the heap's live data (young pools as their last
 * collection left them, so that garbage waiting for the next young collection does not count) and the direct memory
 * (message payloads) against -XX:MaxDirectMemorySize.
 */
final class MemoryUse {
  private MemoryUse() {}

  /** 0.0 .. 1.0 (or slightly above, for direct memory). */
  static double share() {
    return Math.max(heapShare(), directShare());
  }

  static double heapShare() {
    long max = Runtime.getRuntime().maxMemory();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
        continue;
      }
      MemoryUsage afterGc = pool.getCollectionUsage();
      boolean young = pool.getName().contains("Eden") || pool.getName().contains("Survivor");
      used += young && afterGc != null ? afterGc.getUsed() : pool.getUsage().getUsed();
    }
    return max <= 0 ? 0 : (double) used / max;
  }

  static double directShare() {
    long max = PlatformDependent.maxDirectMemory();
    long used = Math.max(PlatformDependent.usedDirectMemory(), jdkDirectBuffers());
    return max <= 0 ? 0 : (double) used / max;
  }

  private static long jdkDirectBuffers() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getMemoryUsed();
      }
    }
    return 0;
  }
}
