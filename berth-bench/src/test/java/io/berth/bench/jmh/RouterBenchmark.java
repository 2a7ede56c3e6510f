package io.berth.bench.jmh;

import io.berth.codec.MqttProperties;
import io.berth.core.BrokerCore;
import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.router.Delivery;
import io.berth.core.router.SubscriptionEntry;
import io.berth.core.session.Session;
import io.berth.core.session.SessionOwner;
import io.berth.core.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The topic match: {@code Router.route} over a trie of {@code subscriptions} filters (exact, {@code +} and {@code #})
 * held by sessions opened through {@code BrokerCore}, and {@code Topics.matches} alone. The sessions' owner releases
 * each delivery at once, so what is measured is the match, the Delivery records and the session hand-off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
  /** Sessions, each with three filters. */
  @Param({"10", "1000"})
  int sessions;

  private BrokerCore core;
  private ByteBuf payload;
  private Message toOne;
  private Message toAll;

  @Setup
  public void setup() {
    core = new BrokerCore(() -> 0L);
    SessionOwner owner = new SessionOwner() {
      @Override
      public void deliver(Delivery d) {
        d.message().release();
      }

      @Override
      public void takenOver(boolean sessionContinues) {}
    };
    for (int i = 0; i < sessions; i++) {
      AtomicReference<Session> opened = new AtomicReference<>();
      core.sessions().open("client-" + i, true, SameThread.INSTANCE, owner, (s, present) -> opened.set(s));
      Session s = opened.get();
      core.router().subscribe(new SubscriptionEntry(s, "dev/" + i + "/temp", null, 0, false, false, 0));
      core.router().subscribe(new SubscriptionEntry(s, "dev/" + i + "/+/status", null, 0, false, false, 0));
      core.router().subscribe(new SubscriptionEntry(s, "all/#", null, 0, false, false, 0));
    }
    payload = Unpooled.directBuffer(64).writeZero(64);
    toOne = new Message("dev/" + (sessions / 2) + "/temp", payload, 0, false, MqttProperties.NONE, "pub", 0);
    toAll = new Message("all/news/today", payload, 0, false, MqttProperties.NONE, "pub", 0);
  }

  @TearDown
  public void tearDown() {
    core.close();
    payload.release();
  }

  @Benchmark
  public int routeToOne() {
    return core.router().route(toOne);
  }

  /** One message to every session (fanout): the cost per delivery is this divided by {@code sessions}. */
  @Benchmark
  public int routeToAll() {
    return core.router().route(toAll);
  }

  @Benchmark
  public boolean topicsMatchesWildcard() {
    return Topics.matches("dev/+/+/status", "dev/42/door/status");
  }

  /** Runs everything on the caller's thread: the benchmark is single-threaded. */
  enum SameThread implements EventLoopRef {
    INSTANCE;

    @Override
    public boolean inEventLoop() {
      return true;
    }

    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
      return () -> {};
    }
  }
}
