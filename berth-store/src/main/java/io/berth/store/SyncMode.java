package io.berth.store;

import java.util.Locale;

/** When the write-ahead log is forced to disk (durability.sync). */
public enum SyncMode {
  /** fsync once per group of writes, before the acknowledgements they hold back go out. */
  BATCH,
  /** fsync every sync_interval: acknowledged writes of the last interval may be lost in a power cut. */
  INTERVAL,
  /** Memory only: no data directory is opened. */
  NONE;

  /** The config value ("batch", "interval", "none"), or null if unknown. */
  public static SyncMode parse(String value) {
    for (SyncMode m : values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(value)) {
        return m;
      }
    }
    return null;
  }
}
