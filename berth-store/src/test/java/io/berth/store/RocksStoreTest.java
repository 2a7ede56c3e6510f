package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreTest {
  @TempDir
  Path dir;

  @Test
  void secondOpenOfTheSameDirectoryNamesTheLock() throws Exception {
    try (RocksStore first = RocksStore.open(dir)) {
      assertThatThrownBy(() -> RocksStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("data directory " + dir + " is in use by another process")
          .hasMessageContaining("durability.data_dir")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void corruptCurrentFileIsReportedAsCorrupt() throws Exception {
    RocksStore.open(dir).close();
    Files.writeString(dir.resolve("CURRENT"), "garbage");
    assertThatThrownBy(() -> RocksStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("data directory " + dir + " is corrupt")
        .hasMessageContaining("move the directory away")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsRefused() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> RocksStore.open(file.resolve("data")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot be created");
  }

  @Test
  void everyTableExistsAfterReopen() throws Exception {
    RocksStore.open(dir).close();
    try (RocksStore store = RocksStore.open(dir)) {
      for (Table t : Table.values()) {
        assertThat(store.count(t)).isZero();
      }
    }
  }

  @Test
  void otherFilesInTheDirectoryAreLeftAlone() throws Exception { // ctl.key, admins.json and others live in data/ too
    Files.writeString(dir.resolve("ctl.key"), "");
    RocksStore.open(dir).close();
    try (RocksStore store = RocksStore.open(dir)) {
      assertThat(store.count(Table.SESSIONS)).isZero();
    }
    assertThat(dir.resolve("ctl.key")).exists();
  }
}
