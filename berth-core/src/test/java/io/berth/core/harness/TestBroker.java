package io.berth.core.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.BrokerCore;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.berth.core.security.AuthWorkers;
import io.berth.core.security.ban.AuthenticationBanSettings;
import io.berth.core.security.ban.BanList;
import io.berth.core.security.ban.Defences;
import io.berth.core.security.ban.FlappingSettings;
import io.berth.core.security.ListenerSecurity;
import io.berth.core.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One broker under test: a {@link BrokerCore} on a virtual clock, a few {@link ManualLoop}s, the clients created on
 * them, and every payload buffer the test created. {@link #closeAndCheckReferences()} closes everything, ends every
 * session, empties the retained store and asserts that each payload (and each retained copy) was released to 0.
 */
public final class TestBroker {
  public static final long START_MILLIS = 1_000_000L;

  private long now = START_MILLIS;
  public final MqttSettings settings;
  /** The security new clients get; a test may replace it before creating clients. */
  public ListenerSecurity security = ListenerSecurity.open();
  private final List<ManualLoop> loops = new ArrayList<>();
  public final TrackingRetainedStore retained = new TrackingRetainedStore(this::now);
  public final BrokerCore core;
  private final List<ByteBuf> payloads = new ArrayList<>();
  private final List<TestClient> clients = new ArrayList<>();

  public TestBroker() {
    this(MqttSettings.defaults());
  }

  public TestBroker(MqttSettings settings) {
    this(settings, 3);
  }

  public TestBroker(MqttSettings settings, int loopCount) {
    this(settings, loopCount, new io.berth.core.persist.MemoryOnly(), FlappingSettings.DISABLED,
        AuthenticationBanSettings.DISABLED);
  }

  /** A broker whose durable writes are acknowledged when the test says so ({@link HeldPersistence}). */
  public TestBroker(MqttSettings settings, int loopCount, io.berth.core.persist.Persistence persistence) {
    this(settings, loopCount, persistence, FlappingSettings.DISABLED, AuthenticationBanSettings.DISABLED);
  }

  /** A broker whose flapping detection and brute-force bans are on, with these settings. */
  public TestBroker(FlappingSettings flapping, AuthenticationBanSettings authenticationBan) {
    this(MqttSettings.defaults(), 3, new io.berth.core.persist.MemoryOnly(), flapping, authenticationBan);
  }

  private TestBroker(MqttSettings settings, int loopCount, io.berth.core.persist.Persistence persistence,
      FlappingSettings flapping, AuthenticationBanSettings authenticationBan) {
    this.settings = settings;
    for (int i = 0; i < loopCount; i++) {
      loops.add(new ManualLoop("loop-" + i, this::now));
    }
    this.core = new BrokerCore(retained, persistence, this::now, AuthWorkers.inline(),
        new Defences(BanList.inMemory(this::now), flapping, authenticationBan, line -> { }));
  }

  public long now() {
    return now;
  }

  public ManualLoop loop(int i) {
    return loops.get(i);
  }

  /** A payload owned by the test (until handed to the channel inside a PUBLISH); checked at the end. */
  public ByteBuf payload(String text) {
    return payload(text.getBytes(StandardCharsets.UTF_8));
  }

  public ByteBuf payload(byte[] bytes) {
    ByteBuf b = Unpooled.buffer(bytes.length).writeBytes(bytes);
    payloads.add(b);
    return b;
  }

  public TestClient client() {
    return client(0);
  }

  public TestClient client(int loopIndex) {
    return client(loopIndex, io.berth.core.channel.ConnectionInfo.of("test:default", "127.0.0.1:1"));
  }

  /** A client whose transport told the core {@code info} (a TLS certificate's identity, say). */
  public TestClient client(int loopIndex, io.berth.core.channel.ConnectionInfo info) {
    TestClient c = new TestClient(this, loops.get(loopIndex), info);
    clients.add(c);
    return c;
  }

  public Session session(String clientId) {
    return core.sessions().get(clientId);
  }

  /** Runs every loop's queued tasks until none is left. */
  public void settle() {
    for (int guard = 0; guard < 100_000; guard++) {
      int ran = 0;
      for (ManualLoop l : loops) {
        ran += l.runPending();
      }
      if (ran == 0) {
        return;
      }
    }
    throw new AssertionError("loops never settle");
  }

  /**
   * Moves the virtual clock forward, firing due timers in time order and settling after each. Tasks already queued
   * are not run first: a timer due now may run before another loop's queued task, as it can on real threads.
   */
  public void advance(long millis) {
    long target = now + millis;
    while (true) {
      ManualLoop owner = null;
      ManualLoop.Timer first = null;
      for (ManualLoop l : loops) {
        ManualLoop.Timer t = l.nextTimer();
        if (t != null && t.due <= target && (first == null || t.due < first.due)) {
          first = t;
          owner = l;
        }
      }
      if (first == null) {
        break;
      }
      now = Math.max(now, first.due);
      owner.fire(first);
      settle();
    }
    now = target;
    settle();
  }

  public void advanceSeconds(long seconds) {
    advance(seconds * 1000);
  }

  /**
   * The end of a test: drops every open connection, ends every session, empties the retained store, then checks that
   * no payload created by the test and no retained copy still holds a reference.
   */
  public void closeAndCheckReferences() {
    settle();
    for (TestClient c : clients) {
      c.dropQuietly();
    }
    settle();
    for (int round = 0; round < 10 && core.sessions().size() > 0; round++) {
      for (Session s : new ArrayList<>(core.sessions().all())) {
        ManualLoop home = (ManualLoop) s.home();
        home.run(() -> core.sessions().end(s));
        settle();
      }
    }
    assertThat(core.sessions().size()).as("sessions left after ending all").isZero();
    List<Message> copies = new ArrayList<>();
    for (String topic : retained.topicsEverStored()) {
      List<Message> m = retained.match(topic);
      copies.addAll(m);
      retained.remove(topic);
    }
    for (Message m : copies) {
      m.release();
      assertThat(m.payload().refCnt()).as("retained copy of %s after removal", m.topic()).isZero();
    }
    assertThat(core.router().subscriptionCount()).as("subscriptions left in the router").isZero();
    for (int i = 0; i < payloads.size(); i++) {
      assertThat(payloads.get(i).refCnt()).as("refCnt of payload #%d created by the test", i).isZero();
    }
    loops.forEach(ManualLoop::discardAll);
  }
}
