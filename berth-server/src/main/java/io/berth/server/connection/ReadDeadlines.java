package io.berth.server.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long a connection may go without a whole MQTT packet: the CONNECT timeout (which also bounds a TLS or WebSocket
 * handshake), then 1.5 × Keep Alive [MQTT-3.1.2-24]. Instead of a scheduled task per connection (an object and a
 * timer-queue entry for every idle client), each event loop runs one periodic sweep over the connections it watches
 * and closes those quiet for longer than their timeout; a connection keeps only its times and its slot in the
 * sweep. A timeout fires between its due time and one {@link #SWEEP_MILLIS} later, well within what the spec allows
 * (the server "MUST" close after 1.5 × Keep Alive; a little later is not a violation, never earlier).
 *
 * <p>One per broker (shared by its listeners); the sweeps are made per event loop on first use and forgotten when
 * their loop terminates.
 */
public final class ReadDeadlines {
  /** How often each loop checks its connections. */
  static final long SWEEP_MILLIS = 250;

  private final Map<EventExecutor, Sweep> sweeps = new ConcurrentHashMap<>();

  /** The sweep of {@code loop}, started with its first connection. */
  Sweep of(EventExecutor loop) {
    Sweep s = sweeps.get(loop);
    if (s == null) {
      s = sweeps.computeIfAbsent(loop, l -> {
        Sweep made = new Sweep();
        l.scheduleAtFixedRate(made, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        return made;
      });
    }
    return s;
  }

  /** One event loop's watched connections, in an array (slot kept by each connection); event loop only. */
  static final class Sweep implements Runnable {
    private MqttConnection[] watched = new MqttConnection[16];
    private int size;

    /** Starts watching {@code c} (not watched yet). */
    void add(MqttConnection c) {
      if (size == watched.length) {
        watched = Arrays.copyOf(watched, size * 2);
      }
      c.deadlineSlot = size;
      watched[size++] = c;
    }

    /** Stops watching {@code c} (watched): the last connection takes its slot. */
    void remove(MqttConnection c) {
      int i = c.deadlineSlot;
      MqttConnection last = watched[--size];
      watched[i] = last;
      last.deadlineSlot = i;
      watched[size] = null;
      c.deadlineSlot = -1;
      if (size == 0 && watched.length > 16) { // a loop that had a crowd once does not keep its array
        watched = new MqttConnection[16];
      }
    }

    int size() {
      return size;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      // Backwards: a connection that times out leaves its slot to one already checked.
      for (int i = size - 1; i >= 0; i--) {
        if (i < size) {
          watched[i].checkReadDeadline(now);
        }
      }
    }
  }
}
