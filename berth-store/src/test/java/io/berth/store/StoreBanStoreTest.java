package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanStore;
import io.berth.core.security.ban.FileBanStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBanStoreTest {
  @TempDir
  Path dir;

  private final Ban client = new Ban(BanKind.CLIENTID, "flappy\tid", "flapping", "flapping_detect", 1_000, 301_000);
  private final Ban net = Ban.of(BanKind.CIDR, "10.0.0.0/8", "", "berth ctl", 2_000, Ban.FOREVER);

  private DurableStore open() throws StoreException {
    return DurableStore.open(dir.resolve("data"), SyncMode.BATCH, 100, () -> 5_000);
  }

  @Test
  void bansSurviveReopeningAndASaveReplacesTheWholeList() throws Exception {
    try (DurableStore store = open()) {
      BanStore bans = store.bans(BanStore.NONE);
      assertThat(bans.load()).isEmpty();
      bans.save(List.of(client, net));
    }
    try (DurableStore store = open()) {
      BanStore bans = store.bans(BanStore.NONE);
      assertThat(bans.load()).containsExactlyInAnyOrder(client, net);
      bans.save(List.of(net));
    }
    try (DurableStore store = open()) {
      assertThat(store.bans(BanStore.NONE).load()).containsExactly(net);
    }
  }

  @Test
  void aBanFileIsImportedOnceAndNeverAgain() throws Exception {
    FileBanStore file = new FileBanStore(dir.resolve("banned.txt"));
    file.save(List.of(client));
    try (DurableStore store = open()) {
      BanStore bans = store.bans(file);
      assertThat(bans.load()).containsExactly(client);
      bans.save(List.of()); // the operator removed it
    }
    try (DurableStore store = open()) {
      assertThat(store.bans(file).load()).as("the old file does not bring it back").isEmpty();
    }
  }

  @Test
  void aSaveAfterTheStoreClosedFailsCleanly() throws Exception {
    BanStore bans;
    try (DurableStore store = open()) {
      bans = store.bans(BanStore.NONE);
    }
    assertThatThrownBy(() -> bans.save(List.of(net))).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }
}
