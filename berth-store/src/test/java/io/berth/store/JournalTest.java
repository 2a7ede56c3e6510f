package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.persist.RestoredSession;
import io.berth.core.router.Delivery;
import io.berth.core.router.Router;
import io.berth.core.router.SubscriptionEntry;
import io.berth.core.session.InMemorySessionStore;
import io.berth.core.session.Session;
import io.berth.core.session.SessionRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent sessions through the journal and back through recovery, with the real registry and router of the
 * core: sessions, subscriptions, queued messages stored once, orphans and expired sessions cleaned up.
 */
class JournalTest {
  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final EventLoopRef loop = new Barrier.DirectLoop();

  private DurableStore open() throws StoreException {
    return DurableStore.open(dir, SyncMode.BATCH, 100, clock::get);
  }

  /** A registry on the store, with its recovered sessions parked in it. */
  private record Broker(DurableStore store, Router router, SessionRegistry registry) implements AutoCloseable {
    @Override
    public void close() {
      registry.releaseAll();
      store.close();
    }
  }

  private Broker broker() throws StoreException {
    DurableStore store = open();
    Router router = new Router();
    SessionRegistry registry = new SessionRegistry(new InMemorySessionStore(), router, Message::release,
        store.sessions());
    store.restore().into(registry, () -> loop);
    return new Broker(store, router, registry);
  }

  /** An offline persistent session subscribed to {@code filter}, as a client that connected and left makes it. */
  private Session offlineSubscriber(Broker b, String clientId, String filter) {
    List<Session> opened = new ArrayList<>();
    b.registry.open(clientId, false, loop, new NoOwner(), (s, present) -> opened.add(s));
    Session s = opened.get(0);
    s.setExpiryIntervalSeconds(3600);
    SubscriptionEntry e = new SubscriptionEntry(s, filter, null, 1, false, false, 7);
    s.subscriptions().put(filter, e);
    b.router.subscribe(e);
    s.journalSubscribed(filter, e);
    b.registry.disconnected(s, s.owner(), null, 0);
    return s;
  }

  @Test
  void aFanOutStoresThePayloadOnceAndSessionsComeBackWithTheirQueues() throws Exception {
    try (Broker b = broker()) {
      for (int i = 0; i < 3; i++) {
        offlineSubscriber(b, "c" + i, "fan/#");
      }
      Message m = Messages.message("fan/out", "payload");
      assertThat(b.router.route(m)).isEqualTo(3);
      assertThat(b.store.sessions().holds(m)).isTrue();
      m.release();
      assertThat(Barrier.await(b.store)).isTrue();
      assertThat(b.store.rocks().count(Table.MESSAGES)).isEqualTo(1);
      assertThat(b.store.rocks().count(Table.QUEUE)).isEqualTo(3);
    }
    try (Broker b = broker()) {
      assertThat(b.registry.size()).isEqualTo(3);
      Session s = b.registry.get("c1");
      assertThat(s.isPersistent()).isTrue();
      assertThat(s.expiryIntervalSeconds()).isEqualTo(3600);
      assertThat(s.subscriptions()).containsOnlyKeys("fan/#");
      assertThat(s.subscriptions().get("fan/#").subscriptionId()).isEqualTo(7);
      assertThat(s.storedBacklog()).as("on disk until its client returns").isEqualTo(1);
      assertThat(s.hasQueued()).isFalse();
      // the subscriptions are back in the router: a new message reaches all three
      Message next = Messages.message("fan/again", "again");
      assertThat(b.router.route(next)).isEqualTo(3);
      next.release();
      assertThat(Barrier.await(b.store)).isTrue(); // its entry is on disk too: read back once only

      resume(b, "c1");
      assertThat(s.storedBacklog()).isZero();
      assertThat(s.queue()).extracting(d -> Messages.payload(d.message())).containsExactly("payload", "again");
      Delivery d = s.queue().peekFirst();
      assertThat(d.qos()).isEqualTo(1);
      assertThat(d.subscriptionIds()).containsExactly(7);
      assertThat(b.store.messages().holders(d.message())).as("entries of all three").isEqualTo(3);
      Session other = resume(b, "c2");
      assertThat(other.queue().peekFirst().message()).as("one object for every session").isSameAs(d.message());
    }
  }

  @Test
  void aRestoredSessionThatEndsUnreadDropsItsEntriesAndTheLastHolderDeletesTheMessage() throws Exception {
    try (Broker b = broker()) {
      offlineSubscriber(b, "ends", "t");
      offlineSubscriber(b, "stays", "t");
      Message m = Messages.message("t", "x");
      b.router.route(m);
      m.release();
    }
    try (Broker b = broker()) {
      b.registry.end(b.registry.get("ends"));
      assertThat(Barrier.await(b.store)).isTrue();
      assertThat(b.store.rocks().count(Table.QUEUE)).isEqualTo(1);
      assertThat(b.store.rocks().count(Table.MESSAGES)).isEqualTo(1);
      Session s = resume(b, "stays");
      assertThat(Messages.payload(s.queue().peekFirst().message())).isEqualTo("x");
      s.finish(s.queue().pollFirst());
      assertThat(Barrier.await(b.store)).isTrue();
      assertThat(b.store.rocks().count(Table.QUEUE)).isZero();
      assertThat(b.store.rocks().count(Table.MESSAGES)).isZero();
    }
    try (Broker b = broker()) {
      offlineSubscriber(b, "a", "u");
      offlineSubscriber(b, "c", "u");
      Message m = Messages.message("u", "y");
      b.router.route(m);
      m.release();
    }
    try (Broker b = broker()) { // both dropped unread: the second drop deletes the message
      b.registry.end(b.registry.get("a"));
      b.registry.end(b.registry.get("c"));
      assertThat(Barrier.await(b.store)).isTrue();
      assertThat(b.store.rocks().count(Table.QUEUE)).isZero();
      assertThat(b.store.rocks().count(Table.MESSAGES)).isZero();
    }
  }

  /** Its client returns (Clean Start 0): the session's stored deliveries are read back. */
  private Session resume(Broker b, String clientId) {
    List<Session> opened = new ArrayList<>();
    b.registry.open(clientId, false, loop, new NoOwner(), (s, present) -> opened.add(s));
    return opened.get(0);
  }

  @Test
  void finishedDeliveriesAreGoneAfterRestartAndTheLastDeletesTheMessage() throws Exception {
    try (Broker b = broker()) {
      Session a = offlineSubscriber(b, "a", "t");
      Session c = offlineSubscriber(b, "c", "t");
      Message m = Messages.message("t", "x");
      b.router.route(m);
      m.release();
      a.finish(a.queue().pollFirst());
      assertThat(Barrier.await(b.store)).isTrue();
      assertThat(b.store.rocks().count(Table.MESSAGES)).isEqualTo(1);
      c.finish(c.queue().pollFirst());
      assertThat(Barrier.await(b.store)).isTrue();
      assertThat(b.store.rocks().count(Table.MESSAGES)).isZero();
      assertThat(b.store.rocks().count(Table.QUEUE)).isZero();
    }
    try (Broker b = broker()) {
      assertThat(b.registry.get("a").storedBacklog()).isZero();
      assertThat(resume(b, "a").hasQueued()).isFalse();
      assertThat(resume(b, "c").hasQueued()).isFalse();
    }
  }

  @Test
  void anEndedSessionLeavesNothingBehind() throws Exception {
    try (Broker b = broker()) {
      Session s = offlineSubscriber(b, "gone", "t");
      Message m = Messages.message("t", "x");
      b.router.route(m);
      m.release();
      b.registry.end(s);
      assertThat(Barrier.await(b.store)).isTrue();
      for (Table t : List.of(Table.SESSIONS, Table.SUBSCRIPTIONS, Table.QUEUE, Table.MESSAGES)) {
        assertThat(b.store.rocks().count(t)).as(t.name()).isZero();
      }
    }
  }

  @Test
  void sessionsExpiredWhileTheBrokerWasDownAreDroppedWithTheirMessages() throws Exception {
    try (Broker b = broker()) {
      offlineSubscriber(b, "short", "t").setExpiryIntervalSeconds(10); // still offline: record rewritten
      b.registry.disconnected(b.registry.get("short"), null, null, 0);
      offlineSubscriber(b, "long", "u");
      Message m = Messages.message("t", "x");
      b.router.route(m);
      m.release();
    }
    clock.addAndGet(60_000);
    try (Broker b = broker()) {
      assertThat(b.registry.get("short")).isNull();
      assertThat(b.registry.get("long")).isNotNull();
      assertThat(b.store.rocks().count(Table.MESSAGES)).isZero();
      assertThat(b.store.rocks().count(Table.QUEUE)).isZero();
      assertThat(b.store.rocks().count(Table.SUBSCRIPTIONS)).isEqualTo(1);
    }
  }

  @Test
  void inflightStateAndIncomingQos2IdsComeBack() throws Exception {
    try (Broker b = broker()) {
      Session s = offlineSubscriber(b, "s", "t");
      for (String text : List.of("sent", "released", "queued")) {
        Message m = Messages.message("t", text);
        b.router.route(m);
        m.release();
      }
      Delivery sent = s.queue().pollFirst();
      Delivery released = s.queue().pollFirst();
      s.journalInflight(sent, 11, false);
      s.journalInflight(released, 12, false);
      s.journalInflight(released, 12, true);
      s.journalAwaitingRel(9, true);
      s.journalAwaitingRel(10, true);
      s.journalAwaitingRel(10, false);
      sent.message().release(); // taken out of the session by this test
      released.message().release();
    }
    try (Broker b = broker()) {
      Session s = resume(b, "s");
      assertThat(s.inflight()).containsOnlyKeys(11, 12);
      assertThat(s.inflight().get(11).isReleased()).isFalse();
      assertThat(Messages.payload(s.inflight().get(11).delivery().message())).isEqualTo("sent");
      assertThat(s.inflight().get(12).isReleased()).isTrue();
      assertThat(s.queue()).extracting(d -> Messages.payload(d.message())).containsExactly("queued");
      assertThat(s.awaitingRel()).containsExactly(9);
    }
  }

  @Test
  void restoredSessionsExpireOnTheirRemainingTime() throws Exception {
    try (Broker b = broker()) {
      offlineSubscriber(b, "s", "t"); // 3600 s from its disconnect
    }
    clock.addAndGet(1_000_000);
    Barrier.DirectLoop timers = new Barrier.DirectLoop();
    try (DurableStore store = open()) {
      SessionRegistry registry = new SessionRegistry(new InMemorySessionStore(), new Router(), Message::release,
          store.sessions());
      assertThat(store.restore().into(registry, () -> timers)).isEqualTo(1);
      assertThat(timers.scheduledDelays).containsExactly(2_600_000L);
      registry.releaseAll();
    }
  }

  /** The connection a session is attached to until the test disconnects it; never asked to deliver. */
  private static final class NoOwner implements io.berth.core.session.SessionOwner {
    @Override
    public void deliver(Delivery delivery) {
      throw new AssertionError("offline sessions get nothing delivered");
    }

    @Override
    public void takenOver(boolean sessionContinues) {}
  }
}
