package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.store.SyncMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The durability block: defaults, the three sync modes, and one-line errors. */
class DurabilityConfigTest extends ConfigFiles {

  @Test
  void defaultsSyncEveryBatchIntoData() throws Exception {
    DurabilityConfig d = load("").durability();
    assertThat(d.dataDir()).isEqualTo(Path.of("data"));
    assertThat(d.sync()).isEqualTo(SyncMode.BATCH);
    assertThat(d.syncIntervalMillis()).isEqualTo(100);
  }

  @Test
  void everyKeyCanBeSet() throws Exception {
    DurabilityConfig d = load("durability { data_dir = \"/var/lib/berth\", sync = INTERVAL, sync_interval = 1s }")
        .durability();
    assertThat(d.dataDir()).isEqualTo(Path.of("/var/lib/berth"));
    assertThat(d.sync()).isEqualTo(SyncMode.INTERVAL);
    assertThat(d.syncIntervalMillis()).isEqualTo(1000);
    assertThat(load("durability.sync = none").durability().sync()).isEqualTo(SyncMode.NONE);
  }

  @Test
  void environmentOverrides() throws Exception {
    Path f = file("");
    DurabilityConfig d = ConfigLoader.load(f, Map.of("BERTH_DURABILITY__SYNC", "none")).durability();
    assertThat(d.sync()).isEqualTo(SyncMode.NONE);
  }

  @Test
  void badValuesAreOneLine() throws Exception {
    fails("durability.sync = always").hasMessage(
        where(1) + "durability.sync = \"always\": expected batch, interval or none");
    fails("durability.sync_interval = 0ms").hasMessageStartingWith(where(1) + "durability.sync_interval = \"0ms\":");
  }

  @Test
  void theStoreGoesToNodeDataDirUnlessItHasItsOwn() throws Exception {
    assertThat(load("node.data_dir = \"/var/lib/berth\"").durability().dataDir())
        .isEqualTo(java.nio.file.Path.of("/var/lib/berth"));
    assertThat(load("node.data_dir = \"/var/lib/berth\"\ndurability.data_dir = \"/fast/store\"").durability()
        .dataDir()).isEqualTo(java.nio.file.Path.of("/fast/store"));
  }
}
