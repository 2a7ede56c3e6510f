package io.berth.server.metrics;

import io.berth.core.admin.ClientAdmin;
import io.berth.core.admin.LoopTimeoutException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The broker's figures as Prometheus text (Micrometer). Every broker meter is a function counter or gauge that reads
 * {@link BrokerFigures} when scraped: nothing is counted twice, and the hot path knows nothing of Micrometer. Names:
 * {@code berth_messages_received_total}, {@code berth_connections}, {@code berth_listener_connections{listener=..}},
 * {@code berth_mqueue_messages} and {@code berth_inflight_messages} (the sessions' queues, read on their loops once per
 * scrape), plus Micrometer's JVM meters ({@code jvm_memory_used_bytes}, {@code jvm_threads_*}) and the collectors'
 * {@code jvm_gc_collection_seconds_count} / {@code _sum} per {@code gc}, read from their beans when scraped. Not
 * Micrometer's {@code JvmGcMetrics}: its JMX notification listener ran after every collection on the broker's own
 * core (1.2 ms after the one collection perf sched recorded in a latency run), lengthening the GC pause clients see.
 */
public final class PrometheusMeters implements AutoCloseable {
  /** The text format every Prometheus server reads. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BrokerFigures figures;
  private final MultiGauge listenerConnections;
  private final ClientAdmin clients;
  // Read on the event loops once per scrape (not once per gauge); the last figures stay if the loops do not answer.
  private volatile ClientAdmin.QueueTotals queues = new ClientAdmin.QueueTotals(0, 0);

  /** @param clients reads the sessions' queues for the queue gauges */
  public PrometheusMeters(BrokerFigures figures, ClientAdmin clients) {
    this.figures = figures;
    this.clients = clients;
    for (String key : figures.metrics().keySet()) {
      FunctionCounter.builder("berth." + key, figures, f -> f.metrics().get(key))
          .description("EMQX metric " + key).register(registry);
    }
    for (String key : figures.stats().keySet()) {
      // Prometheus reserves the _count suffix for summaries and histograms: "connections.count" is berth_connections
      Gauge.builder("berth." + key.replace(".count", ""), figures, f -> f.stats().get(key))
          .description("EMQX stat " + key).register(registry);
    }
    Gauge.builder("berth.mqueue.messages", this, m -> m.queues.queued())
        .description("messages waiting in the sessions' queues").register(registry);
    Gauge.builder("berth.inflight.messages", this, m -> m.queues.inflight())
        .description("messages sent to clients and not yet acknowledged").register(registry);
    listenerConnections = MultiGauge.builder("berth.listener.connections")
        .description("connections open on each listener").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      FunctionTimer.builder("jvm.gc.collection", collector, GarbageCollectorMXBean::getCollectionCount,
              GarbageCollectorMXBean::getCollectionTime, TimeUnit.MILLISECONDS)
          .tag("gc", collector.getName()).description("collections and the time they took").register(registry);
    }
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The text of every meter now; listeners added or removed since the last scrape show up or disappear. */
  public String scrape() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Map.Entry<String, Integer> e : figures.listenerConnections().entrySet()) {
      rows.add(MultiGauge.Row.of(Tags.of("listener", e.getKey()), e.getValue()));
    }
    listenerConnections.register(rows, true);
    try {
      queues = clients.queueTotals();
    } catch (LoopTimeoutException e) {
      // an event loop is busy or stopping: the queue gauges keep their last figures
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }
}
