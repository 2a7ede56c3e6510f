package io.berth.core.router;

import io.berth.core.Message;
import io.berth.core.harness.ManualLoop;
import io.berth.core.session.Session;
import io.berth.core.session.SessionOwner;
import io.berth.core.session.InMemorySessionStore;
import io.berth.core.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;

/** Sessions for router tests, attached to owners that record their deliveries (and release them). */
final class RouterTestSupport {
  final Router router = new Router();
  final SessionRegistry registry = new SessionRegistry(
      new InMemorySessionStore(), router, Message::release, io.berth.core.persist.SessionJournal.NONE);
  final ManualLoop loop = new ManualLoop("router", () -> 0L);

  static final class RecordingOwner implements SessionOwner {
    final List<Delivery> deliveries = new ArrayList<>();

    @Override
    public void deliver(Delivery d) {
      deliveries.add(d);
      d.message().release();
    }

    @Override
    public void takenOver(boolean sessionContinues) {}
  }

  Session session(String clientId, RecordingOwner owner) {
    Session[] out = new Session[1];
    loop.run(() -> registry.open(clientId, true, loop, owner, (s, present) -> out[0] = s));
    loop.runPending();
    return out[0];
  }

  SubscriptionEntry entry(Session s, String filter, String group, int qos, int subId) {
    return new SubscriptionEntry(s, filter, group, qos, false, false, subId);
  }
}
