package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.Message;
import io.berth.store.QueueEntry.State;
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
  void fanOutStoresThePayloadOnceAndEntriesSurviveReopen() throws Exception {
    try (DurableStore store = open()) {
      Message m = Messages.message("fan/out", "payload");
      long id = store.messages().store(m, 3);
      m.release();
      for (int i = 0; i < 3; i++) {
        store.queue().put(new QueueEntry("client-" + i, 1, id, 0, State.QUEUED), null);
      }
      assertThat(Barrier.await(store)).isTrue();
      assertThat(store.rocks().count(Table.MESSAGES)).isEqualTo(1);
      assertThat(store.rocks().count(Table.QUEUE)).isEqualTo(3);
    }
    try (DurableStore store = open()) {
      Recovery.Result r = store.takeRecovered();
      assertThat(r.entries()).extracting(QueueEntry::clientId).containsExactly("client-0", "client-1", "client-2");
      assertThat(r.messages()).hasSize(1);
      Message back = r.messages().get(r.entries().get(0).messageId());
      assertThat(Messages.payload(back)).isEqualTo("payload");
      assertThat(store.messages().holders(r.entries().get(0).messageId())).isEqualTo(3);
      r.messages().values().forEach(Message::release);
    }
  }

  @Test
  void theLastReleaseDeletesTheMessage() throws Exception {
    try (DurableStore store = open()) {
      Message m = Messages.message("t", "x");
      long id = store.messages().store(m, 2);
      m.release();
      store.messages().release(id);
      assertThat(Barrier.await(store)).isTrue();
      assertThat(store.rocks().get(Table.MESSAGES, Keys.messageId(id))).isNotNull();
      store.messages().release(id);
      assertThat(Barrier.await(store)).isTrue();
      assertThat(store.rocks().get(Table.MESSAGES, Keys.messageId(id))).isNull();
      assertThat(store.messages().size()).isZero();
    }
  }

  @Test
  void messagesNoEntryHoldsAreDeletedAtRecovery() throws Exception {
    long kept;
    try (DurableStore store = open()) {
      Message orphan = Messages.message("t", "orphan"); // stored, but the crash came before its entries
      store.messages().store(orphan, 1);
      orphan.release();
      Message held = Messages.message("t", "held");
      kept = store.messages().store(held, 1);
      held.release();
      store.queue().put(new QueueEntry("c", 7, kept, 0, State.QUEUED), null);
      assertThat(Barrier.await(store)).isTrue();
    }
    try (DurableStore store = open()) {
      assertThat(store.takeRecovered().orphansDeleted()).isEqualTo(1);
      assertThat(store.rocks().count(Table.MESSAGES)).isEqualTo(1);
      assertThat(store.rocks().get(Table.MESSAGES, Keys.messageId(kept))).isNotNull();
      Message next = Messages.message("t", "next");
      assertThat(store.messages().store(next, 1)).isGreaterThan(kept); // ids never reused
      next.release();
      store.takeRecovered().messages().values().forEach(Message::release);
    }
  }

  @Test
  void entryStateUpdatesAndRemovalsAreKept() throws Exception {
    try (DurableStore store = open()) {
      Message m = Messages.message("t", "x");
      long id = store.messages().store(m, 2);
      m.release();
      store.queue().put(new QueueEntry("c", 1, id, 0, State.QUEUED), null);
      store.queue().put(new QueueEntry("c", 2, id, 0, State.QUEUED), null);
      store.queue().put(new QueueEntry("c", 1, id, 42, State.PUBREL_SENT), null);
      store.queue().remove("c", 2);
      store.messages().release(id);
    }
    try (DurableStore store = open()) {
      Recovery.Result r = store.takeRecovered();
      assertThat(r.entries()).containsExactly(new QueueEntry("c", 1, r.entries().get(0).messageId(), 42,
          State.PUBREL_SENT));
      r.messages().values().forEach(Message::release);
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
