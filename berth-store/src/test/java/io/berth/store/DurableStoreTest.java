package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreTest {
  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);

  private DurableStore open() throws StoreException {
    return DurableStore.open(dir, SyncMode.BATCH, 100, clock::get);
  }

  @Test
  void messagesNoEntryHoldsAreDeletedAtRecoveryAndIdsAreNotReused() throws Exception {
    long orphanId;
    try (DurableStore store = open()) {
      Message orphan = Messages.message("t", "orphan"); // stored, and the crash came before its entry
      orphanId = store.messages().hold(orphan);
      orphan.release();
      assertThat(Barrier.await(store)).isTrue();
      assertThat(store.rocks().count(Table.MESSAGES)).isEqualTo(1);
    }
    try (DurableStore store = open()) {
      assertThat(store.rocks().count(Table.MESSAGES)).isZero();
      Message next = Messages.message("t", "next");
      assertThat(store.messages().hold(next)).isGreaterThan(orphanId);
      next.release();
    }
  }

  @Test
  void theSameMessageHeldTwiceIsStoredOnceAndDeletedWithItsLastHolder() throws Exception {
    try (DurableStore store = open()) {
      Message m = Messages.message("t", "x");
      long id = store.messages().hold(m);
      assertThat(store.messages().hold(m)).isEqualTo(id);
      store.messages().release(m);
      assertThat(Barrier.await(store)).isTrue();
      assertThat(store.rocks().get(Table.MESSAGES, Keys.messageId(id))).isNotNull();
      store.messages().release(m);
      assertThat(Barrier.await(store)).isTrue();
      assertThat(store.rocks().get(Table.MESSAGES, Keys.messageId(id))).isNull();
      assertThat(store.messages().holds(m)).isFalse();
      m.release();
    }
  }

  @Test
  void retainedMessagesSurviveReopenAndExpiredOnesAreDropped() throws Exception {
    try (DurableStore store = open()) {
      Message keep = Messages.message("r/keep", "kept");
      Message expires = Messages.message("r/expires", "gone", clock.get() + 5_000);
      Message removed = Messages.message("r/removed", "removed");
      store.retained().put(keep);
      store.retained().put(expires);
      store.retained().put(removed);
      store.retained().remove("r/removed");
      List.of(keep, expires, removed).forEach(Message::release);
      store.retained().close();
    }
    clock.addAndGet(10_000);
    try (DurableStore store = open()) {
      List<Message> found = store.retained().match("r/#");
      assertThat(found).extracting(Messages::payload).containsExactly("kept");
      assertThat(store.rocks().count(Table.RETAINED)).isEqualTo(1);
      found.forEach(Message::release);
      store.retained().close();
    }
  }

  @Test
  void completionsRunInQueueOrder() throws Exception {
    try (DurableStore store = open()) {
      List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int i = 0; i < 1000; i++) {
        int n = i;
        store.writer().submit((batch, s) -> batch.put(s.cf(Table.SESSIONS), Keys.client("c" + n), new byte[1]),
            written -> order.add(n));
      }
      assertThat(Barrier.await(store)).isTrue();
      assertThat(order).hasSize(1000).isSorted();
      assertThat(store.rocks().count(Table.SESSIONS)).isEqualTo(1000);
    }
  }
}
