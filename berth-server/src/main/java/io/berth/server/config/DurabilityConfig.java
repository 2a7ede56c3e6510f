package io.berth.server.config;

import io.berth.store.SyncMode;
import java.nio.file.Path;

/**
 * The durability block: where the store lives and when it syncs.
 *
 * @param dataDir the RocksDB directory (unused with sync = none)
 * @param sync when writes reach the disk; NONE keeps everything in memory
 * @param syncIntervalMillis how often sync = interval forces the write-ahead log to disk
 */
public record DurabilityConfig(Path dataDir, SyncMode sync, long syncIntervalMillis) {
  /** Nothing on disk: embedded brokers and tests that do not test durability. */
  public static final DurabilityConfig MEMORY = new DurabilityConfig(Path.of("data"), SyncMode.NONE, 100);

  /** A store in {@code dataDir} that syncs before acknowledging (the default of `berth start`). */
  public static DurabilityConfig batch(Path dataDir) {
    return new DurabilityConfig(dataDir, SyncMode.BATCH, 100);
  }

  /** @param nodeDataDir node.data_dir, where the store goes when durability.data_dir is "" (the default) */
  static DurabilityConfig read(Fields f, Path nodeDataDir) throws ConfigException {
    String dir = f.string("durability.data_dir").strip();
    SyncMode sync = SyncMode.parse(f.word("durability.sync", "batch", "interval", "none"));
    long interval = f.durationMillis("durability.sync_interval", 1, 10_000);
    return new DurabilityConfig(dir.isEmpty() ? nodeDataDir : Path.of(dir), sync, interval);
  }
}
