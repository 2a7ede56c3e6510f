package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFillTest {
  @TempDir
  Path dir;

  @Test
  void filledSessionsAndTheirQueuesAreRecoveredWhole() throws Exception {
    StoreFill.Filled filled = StoreFill.fill(dir, "c", 3, 4, 16, 1_000);
    assertThat(filled.queued()).isEqualTo(12);
    try (DurableStore store = DurableStore.open(dir, SyncMode.BATCH, 100, () -> 2_000)) {
      // nothing was an orphan, dangling or expired: recovery deleted nothing
      assertThat(store.rocks().count(Table.SESSIONS)).isEqualTo(3);
      assertThat(store.rocks().count(Table.SUBSCRIPTIONS)).isEqualTo(3);
      assertThat(store.rocks().count(Table.MESSAGES)).isEqualTo(12);
      assertThat(store.rocks().count(Table.QUEUE)).isEqualTo(12);
      byte[] entry = store.rocks().get(Table.QUEUE, Keys.clientSeq("c1", 5));
      assertThat(QueueEntry.decode(Keys.clientSeq("c1", 5), entry).messageId()).isEqualTo(5);
    }
  }
}
