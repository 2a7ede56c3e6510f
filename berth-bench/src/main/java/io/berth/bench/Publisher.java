package io.berth.bench;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publishing connection, pumped on its event loop. It sends while all of these hold: the socket is writable,
 * fewer than {@code window} of its messages are still on their way to its subscribers (end-to-end window), fewer
 * than {@code window} QoS 1 messages await their PUBACK, and the rate (if any) allows. Otherwise it parks and the
 * event that opens the way (a delivery, a PUBACK, writability, the rate timer) wakes it.
 */
final class Publisher implements BenchClient.Events, Runnable {
  /** Messages written per turn before the loop serves other channels. */
  private static final int BATCH = 64;
  /** A window that has not moved for this long is given up on (the broker dropped those messages). */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final BenchClient client;
  private final PublishTemplate template;
  private final int qos;
  private final int fanout;
  private final long windowDeliveries;
  private final int pubackWindow;
  private final double ratePerSecond;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong returned = new AtomicLong(); // deliveries seen by subscribers, plus those given up on
  private final AtomicBoolean parked = new AtomicBoolean();
  private volatile boolean running;
  private volatile java.util.concurrent.Future<?> watchdogTask;
  // Event loop only.
  private int inflight;
  private long acked;
  private long startNanos;
  private long stalls;
  private long lastProgress;
  private long lastReturned;
  private long lastSent;

  /** @param window messages in flight end to end, 0 for no end-to-end window (flood) */
  Publisher(BenchClient client, PublishTemplate template, int qos, int fanout, int window, double ratePerSecond) {
    this.client = client;
    this.template = template;
    this.qos = qos;
    this.fanout = Math.max(1, fanout);
    this.windowDeliveries = window <= 0 ? Long.MAX_VALUE : (long) window * this.fanout;
    this.pubackWindow = window <= 0 ? 65_535 : Math.min(window, 65_535);
    this.ratePerSecond = ratePerSecond;
    client.setEvents(this);
  }

  /** Starts pumping; a watchdog gives up on deliveries that never come (counted as stalls). */
  void start() {
    Channel ch = client.channel();
    ch.eventLoop().execute(() -> {
      running = true;
      startNanos = System.nanoTime();
      lastProgress = startNanos;
      run();
    });
    if (windowDeliveries != Long.MAX_VALUE) {
      watchdogTask = ch.eventLoop().scheduleAtFixedRate(this::watchdog, 250, 250, TimeUnit.MILLISECONDS);
    }
  }

  void stop() {
    running = false;
    java.util.concurrent.Future<?> w = watchdogTask;
    if (w != null) {
      w.cancel(false);
    }
  }

  void close() {
    stop();
    client.close();
  }

  long sent() {
    return sent.get();
  }

  /** PUBACKs received (QoS 1); read after the run. */
  long acked() {
    return acked;
  }

  long stalls() {
    return stalls;
  }

  int inflight() {
    return inflight;
  }

  /** A subscriber received one of this publisher's messages (any thread). */
  void delivered() {
    long r = returned.incrementAndGet();
    if (parked.get() && sent.get() * fanout - r <= windowDeliveries / 2 && parked.compareAndSet(true, false)) {
      client.channel().eventLoop().execute(this);
    }
  }

  @Override
  public void onPubAck(BenchClient c, int packetId) {
    inflight--;
    acked++;
    if (inflight <= pubackWindow / 2 && parked.compareAndSet(true, false)) {
      client.channel().eventLoop().execute(this);
    }
  }

  @Override
  public void onWritable(BenchClient c) {
    if (parked.compareAndSet(true, false)) {
      run();
    }
  }

  @Override
  public void run() {
    if (!running) {
      return;
    }
    Channel ch = client.channel();
    long s = sent.get();
    long allowed = ratePerSecond <= 0 ? Long.MAX_VALUE : (long) ((System.nanoTime() - startNanos) * ratePerSecond / 1e9) + 1;
    int n = 0;
    boolean park = false;
    while (n < BATCH) {
      if (s >= allowed) {
        long due = startNanos + (long) (s * 1e9 / ratePerSecond);
        ch.eventLoop().schedule(this, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        break;
      }
      if (!ch.isWritable() || (qos > 0 && inflight >= pubackWindow) || s * fanout - returned.get() >= windowDeliveries) {
        park = true;
        break;
      }
      ch.write(template.next(ch.alloc(), (int) (s % 65_535) + 1, s, System.nanoTime()), ch.voidPromise());
      s++;
      n++;
      if (qos > 0) {
        inflight++;
      }
    }
    sent.lazySet(s);
    if (n > 0) {
      ch.flush();
    }
    if (park) {
      parked.set(true);
      if (canSend(ch, s) && parked.compareAndSet(true, false)) { // the way opened while we were parking
        ch.eventLoop().execute(this);
      }
    } else if (n == BATCH) {
      ch.eventLoop().execute(this);
    }
  }

  private boolean canSend(Channel ch, long s) {
    return ch.isWritable() && (qos == 0 || inflight < pubackWindow) && s * fanout - returned.get() < windowDeliveries;
  }

  private void watchdog() {
    long now = System.nanoTime();
    long r = returned.get();
    long s = sent.get();
    if (r != lastReturned || s != lastSent || !running) {
      lastReturned = r;
      lastSent = s;
      lastProgress = now;
      return;
    }
    if (parked.get() && now - lastProgress > STALL_NANOS) {
      stalls++;
      returned.addAndGet(Math.max(0, s * fanout - r)); // those deliveries are not coming: lost, counted by the trackers
      if (qos > 0) {
        inflight = 0;
      }
      lastProgress = now;
      if (parked.compareAndSet(true, false)) {
        run();
      }
    }
  }
}
