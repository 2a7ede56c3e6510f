package io.berth.core.harness;

import io.berth.core.EventLoopRef;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * A deterministic single-threaded event loop for tests. {@link #execute} only queues; {@link #runPending} runs the
 * queue on the test thread, during which {@link #inEventLoop} is true for this loop (and false for every other). Timers
 * run against a virtual clock, driven by {@link TestBroker#advance}. Several loops model several Netty event loops,
 * so cross-loop hand-overs (session takeover) can be stepped through one task at a time.
 */
public final class ManualLoop implements EventLoopRef {
  private static ManualLoop current; // the loop the test thread is "on"; tests are single-threaded

  private final String name;
  private final LongSupplier clock;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq));
  private long seq;

  public ManualLoop(String name, LongSupplier clock) {
    this.name = name;
    this.clock = clock;
  }

  /** A scheduled task. */
  public final class Timer implements Cancellable {
    final long due;
    final long seq;
    final Runnable task;

    Timer(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public void cancel() {
      timers.remove(this);
    }

    public long due() {
      return due;
    }
  }

  @Override
  public boolean inEventLoop() {
    return current == this;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(Objects.requireNonNull(task));
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMillis) {
    Timer t = new Timer(clock.getAsLong() + Math.max(0, delayMillis), seq++, Objects.requireNonNull(task));
    timers.add(t);
    return t;
  }

  /** Runs {@code r} as if on this loop's thread. */
  public void run(Runnable r) {
    ManualLoop previous = current;
    current = this;
    try {
      r.run();
    } finally {
      current = previous;
    }
  }

  /** Calls {@code s} as if on this loop's thread. */
  public <T> T call(java.util.function.Supplier<T> s) {
    Object[] out = new Object[1];
    run(() -> out[0] = s.get());
    @SuppressWarnings("unchecked")
    T t = (T) out[0];
    return t;
  }

  /** Runs the next queued task; false when there was none. */
  public boolean runOne() {
    Runnable r = tasks.poll();
    if (r == null) {
      return false;
    }
    run(r);
    return true;
  }

  /** Runs queued tasks (including those they queue) until the queue is empty; returns how many ran. */
  public int runPending() {
    int n = 0;
    while (runOne()) {
      n++;
    }
    return n;
  }

  public int pendingTasks() {
    return tasks.size();
  }

  public int scheduledTimers() {
    return timers.size();
  }

  /** The earliest timer, or null. */
  Timer nextTimer() {
    return timers.peek();
  }

  void fire(Timer t) {
    timers.remove(t);
    run(t.task);
  }

  /** Drops every queued task and timer (end of test). */
  void discardAll() {
    tasks.clear();
    timers.clear();
  }

  @Override
  public String toString() {
    return "ManualLoop[" + name + "]";
  }
}
