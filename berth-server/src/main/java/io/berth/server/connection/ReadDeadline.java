package io.berth.server.connection;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a connection may go without a whole MQTT packet: the CONNECT timeout (which also bounds a TLS or WebSocket
 * handshake), then 1.5 × Keep Alive [MQTT-3.1.2-24]. One scheduled task per connection that, when it fires early,
 * sleeps again for the time left; kept inside {@link MqttConnection} because an {@code IdleStateHandler} would add a
 * handler, its pipeline context and its task to every idle connection. Event loop only.
 */
final class ReadDeadline {
  private final Runnable onTimeout;
  private EventExecutor loop;
  private long timeoutNanos; // 0: off
  private long lastReadNanos;
  private boolean readSinceCheck;
  private ScheduledFuture<?> task;

  /** @param onTimeout runs once on the event loop when the deadline passes */
  ReadDeadline(Runnable onTimeout) {
    this.onTimeout = onTimeout;
  }

  /** Starts counting {@code millis} from now (0 turns it off), replacing the deadline before. */
  void set(EventExecutor executor, long millis) {
    cancel();
    this.loop = executor;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    if (timeoutNanos > 0) {
      lastReadNanos = System.nanoTime();
      task = loop.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A whole packet came (call per decoded packet; the clock is read once per read batch, in {@link #batchEnd}). */
  void packetRead() {
    readSinceCheck = true;
  }

  /** The end of a read batch. */
  void batchEnd() {
    if (readSinceCheck) {
      readSinceCheck = false;
      lastReadNanos = System.nanoTime();
    }
  }

  /** The connection is gone: no task stays behind. */
  void cancel() {
    timeoutNanos = 0;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void check() {
    task = null;
    if (timeoutNanos == 0) {
      return;
    }
    long quiet = System.nanoTime() - lastReadNanos;
    if (readSinceCheck || quiet < timeoutNanos) { // a read batch still running counts as a read
      task = loop.schedule(this::check, readSinceCheck ? timeoutNanos : timeoutNanos - quiet, TimeUnit.NANOSECONDS);
      return;
    }
    timeoutNanos = 0;
    onTimeout.run();
  }
}
