package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise under kill -9: a broker in a child process is killed at random moments while QoS 1 and
 * QoS 2 messages flow to persistent subscribers, then restarted on the same data directory. Every message the broker
 * acknowledged must reach its subscriber: QoS 1 at least once, QoS 2 exactly once. 5 cycles here; the soak runs more
 * with {@code -Dberth.crash.cycles=100} (see README).
 */
class CrashTest {
  @TempDir Path work;

  @Test
  void acknowledgedMessagesSurviveSigkill() throws Exception {
    int cycles = Integer.getInteger("berth.crash.cycles", 5);
    // -Dberth.crash.minutes=M: no new cycle starts after M minutes (a soak on a slow machine still reports)
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.getLong("berth.crash.minutes", 24 * 60));
    Random random = new Random(Long.getLong("berth.crash.seed", System.nanoTime()));
    Path dataDir = Files.createDirectories(work.resolve("data"));
    Set<String> acked1 = ConcurrentHashMap.newKeySet();
    Set<String> acked2 = ConcurrentHashMap.newKeySet();
    CrashSubscriber sub1 = new CrashSubscriber("crash-sub-1", "crash/q1", 1);
    CrashSubscriber sub2 = new CrashSubscriber("crash-sub-2", "crash/q2", 2);
    int ran = 0;
    for (int cycle = 1; cycle <= cycles && System.nanoTime() < deadline; cycle++) {
      ran = cycle;
      ChildBroker broker = ChildBroker.start(dataDir, work, cycle);
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      boolean first = cycle == 1;
      threads.add(start(() -> sub1.connectAndRead(broker.port(), first, done::get)));
      threads.add(start(() -> sub2.connectAndRead(broker.port(), first, done::get)));
      awaitConnected(sub1, sub2); // and subscribed, the first time, before the load starts
      CrashPublisher pub1 = new CrashPublisher(broker.port(), "crash/q1", 1, "q1-" + cycle, acked1);
      CrashPublisher pub2 = new CrashPublisher(broker.port(), "crash/q2", 2, "q2-" + cycle, acked2);
      threads.add(start(pub1));
      threads.add(start(pub2));
      Thread.sleep(200 + random.nextInt(1000));
      broker.kill();
      pub1.stop();
      pub2.stop();
      done.set(true);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(15));
      }
    }
    ChildBroker last = ChildBroker.start(dataDir, work, ran + 1);
    try {
      drain(last, sub1, sub2, acked1, acked2);
    } finally {
      last.stop();
    }
    Map<String, Integer> got1 = sub1.delivered();
    Map<String, Integer> got2 = sub2.delivered();
    List<String> lost1 = acked1.stream().filter(p -> !got1.containsKey(p)).sorted().toList();
    List<String> lost2 = acked2.stream().filter(p -> !got2.containsKey(p)).sorted().toList();
    List<String> twice2 = got2.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    long dup1 = got1.values().stream().filter(n -> n > 1).count();
    System.out.printf("crash test: %d cycles; QoS 1: %d acknowledged, %d lost, %d duplicated; "
        + "QoS 2: %d acknowledged, %d lost, %d duplicated%n", ran, acked1.size(), lost1.size(), dup1,
        acked2.size(), lost2.size(), twice2.size());
    assertThat(acked1).as("QoS 1 messages acknowledged at all").isNotEmpty();
    assertThat(acked2).as("QoS 2 messages acknowledged at all").isNotEmpty();
    assertThat(lost1).as("acknowledged QoS 1 messages lost").isEmpty();
    assertThat(lost2).as("acknowledged QoS 2 messages lost").isEmpty();
    assertThat(twice2).as("QoS 2 messages delivered twice").isEmpty();
  }

  /** Reconnects both subscribers until every acknowledged message arrived and nothing came for a while. */
  private static void drain(ChildBroker broker, CrashSubscriber sub1, CrashSubscriber sub2, Set<String> acked1,
      Set<String> acked2) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    java.util.function.BooleanSupplier settled = () -> System.nanoTime() > deadline
        || (sub1.delivered().keySet().containsAll(acked1) && sub2.delivered().keySet().containsAll(acked2)
            && sub1.quietMillis() > 1000 && sub2.quietMillis() > 1000);
    Thread t1 = start(() -> sub1.connectAndRead(broker.port(), false, settled));
    Thread t2 = start(() -> sub2.connectAndRead(broker.port(), false, settled));
    t1.join(TimeUnit.SECONDS.toMillis(40));
    t2.join(TimeUnit.SECONDS.toMillis(40));
  }

  private static void awaitConnected(CrashSubscriber... subs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!java.util.Arrays.stream(subs).allMatch(CrashSubscriber::isConnected)) {
      assertThat(System.nanoTime()).as("subscribers connected within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Thread start(Runnable r) {
    Thread t = new Thread(r, "crash-test");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
