package io.berth.server.api.tester;

import io.berth.server.api.ApiException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongFunction;

/**
 * A Tester connection's last events (bounded: the oldest go first) and the event streams reading them live. Each
 * stream has its own bounded queue, so a slow browser never holds up the connection: one that falls too far behind
 * is ended (it can read {@code /messages?after=} and reconnect).
 */
final class EventLog {
  /** Put in a stream's queue when it must end: the connection is gone, or the stream fell behind. */
  static final TesterEvent END = TesterEvent.state(-1, "end", "");

  private final int capacity;
  private final int maxStreams;
  private final ArrayDeque<TesterEvent> events = new ArrayDeque<>();
  private final List<BlockingQueue<TesterEvent>> streams = new ArrayList<>();
  private long seq;
  private boolean closed;

  EventLog(int capacity, int maxStreams) {
    this.capacity = capacity;
    this.maxStreams = maxStreams;
  }

  /** Appends the event {@code make} builds with the next sequence number, and hands it to every stream. */
  synchronized TesterEvent add(LongFunction<TesterEvent> make) {
    TesterEvent e = make.apply(++seq);
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(e);
    for (BlockingQueue<TesterEvent> s : streams) {
      if (!s.offer(e)) { // fallen behind: end it rather than grow
        s.clear();
        s.add(END);
      }
    }
    return e;
  }

  /** The kept events with a sequence number above {@code after}. */
  synchronized List<TesterEvent> after(long after) {
    return events.stream().filter(e -> e.seq() > after).toList();
  }

  /** A new stream: the kept events after {@code after}, then each new one; 429 past the streams allowed. */
  synchronized BlockingQueue<TesterEvent> open(long after) {
    if (streams.size() >= maxStreams) {
      throw new ApiException(429, "TOO_MANY_STREAMS", "this connection has " + maxStreams + " event streams open"
          + " already: close one first");
    }
    BlockingQueue<TesterEvent> q = new LinkedBlockingQueue<>(capacity + 1);
    after(after).forEach(q::add);
    if (closed) {
      q.add(END);
    } else {
      streams.add(q);
    }
    return q;
  }

  synchronized void release(BlockingQueue<TesterEvent> stream) {
    streams.remove(stream);
  }

  synchronized int streamCount() {
    return streams.size();
  }

  /** Ends every stream (the connection is deleted). */
  synchronized void close() {
    closed = true;
    for (BlockingQueue<TesterEvent> s : streams) {
      s.clear();
      s.add(END);
    }
    streams.clear();
  }
}
