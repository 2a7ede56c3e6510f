package io.berth.bench;

import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscribing connection: for every message, the latency from its timestamp, its sequence number against the
 * publisher's tracker, and one window credit back to the publisher. Runs on the client's event loop.
 */
final class Subscriber implements BenchClient.Events {
  private final BenchClient client;
  private final Publisher[] publishers;
  private final SequenceTracker[] trackers;
  private final LatencyHistogram latency = new LatencyHistogram();
  private final AtomicLong received = new AtomicLong();
  private long foreign;
  private volatile boolean measuring;
  private LatencyTrace trace; // or null; set before startMeasuring(), whose volatile write makes it seen by the loop

  Subscriber(BenchClient client, Publisher[] publishers) {
    this.client = client;
    this.publishers = publishers;
    this.trackers = new SequenceTracker[publishers.length];
    for (int i = 0; i < trackers.length; i++) {
      trackers[i] = new SequenceTracker();
    }
    client.setEvents(this);
  }

  @Override
  public void onPublish(BenchClient c, Publish p) {
    long now = System.nanoTime();
    ByteBuf payload = p.payload();
    int index = PublishTemplate.publisher(payload);
    if (index < 0 || index >= publishers.length) {
      foreign++;
      return;
    }
    if (measuring) {
      long sent = PublishTemplate.nanos(payload);
      latency.record(now - sent);
      if (trace != null) {
        trace.record(sent, now);
      }
    }
    trackers[index].record(PublishTemplate.seq(payload));
    received.lazySet(received.get() + 1);
    Publisher publisher = publishers[index];
    if (publisher != null) {
      publisher.delivered();
    }
  }

  /** Also keep every measured message's send and receive time; call before the publishers start. */
  void trace(LatencyTrace t) {
    trace = t;
  }

  /** From now on latencies count (the warm-up is over). */
  void startMeasuring() {
    measuring = true;
  }

  BenchClient client() {
    return client;
  }

  /** Messages received so far (any thread). */
  long received() {
    return received.get();
  }

  // Read after the run, once the client's loop has stopped touching them.
  LatencyHistogram latency() {
    return latency;
  }

  SequenceTracker tracker(int publisher) {
    return trackers[publisher];
  }

  long foreign() {
    return foreign;
  }
}
