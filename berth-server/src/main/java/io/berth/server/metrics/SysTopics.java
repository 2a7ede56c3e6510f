package io.berth.server.metrics;

import io.berth.codec.MqttProperties;
import io.berth.core.BrokerCore;
import io.berth.core.Message;
import io.berth.server.Version;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Publishes {@code $SYS/brokers/<node>/...} every {@code sys_topics.sys_msg_interval}, as EMQX does: {@code version}
 * (retained), {@code uptime} (seconds), {@code datetime}, {@code stats/<name>} and {@code metrics/<name>} with the
 * figures of the management API ("connections.count" becomes {@code stats/connections/count}). The messages go through
 * the core like any other, so only subscribers that authorization let subscribe to $SYS get them.
 */
public final class SysTopics implements AutoCloseable {
  private final BrokerCore core;
  private final BrokerFigures figures;
  private final String prefix;
  private final long startedAt;
  private final LongSupplier clock;
  private final ScheduledFuture<?> task;

  private SysTopics(BrokerCore core, BrokerFigures figures, String node, LongSupplier clock, EventExecutor executor,
      long intervalMillis) {
    this.core = core;
    this.figures = figures;
    this.prefix = "$SYS/brokers/" + node + "/";
    this.clock = clock;
    this.startedAt = clock.getAsLong();
    publish("$SYS/brokers", node, true);
    publish(prefix + "version", Version.current(), true);
    this.task = executor.scheduleAtFixedRate(this::publishFigures, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  /** @return null when {@code intervalMillis} is 0 (off) */
  public static SysTopics start(BrokerCore core, BrokerFigures figures, String node, EventExecutor executor,
      long intervalMillis) {
    return intervalMillis <= 0 ? null
        : new SysTopics(core, figures, node, System::currentTimeMillis, executor, intervalMillis);
  }

  private void publishFigures() {
    long now = clock.getAsLong();
    publish(prefix + "uptime", Long.toString((now - startedAt) / 1000), false);
    publish(prefix + "datetime", Instant.ofEpochMilli(now).toString(), false);
    publishAll("stats/", figures.stats());
    publishAll("metrics/", figures.metrics());
  }

  private void publishAll(String kind, Map<String, Long> values) {
    values.forEach((name, value) -> publish(prefix + kind + name.replace('.', '/'), Long.toString(value), false));
  }

  private void publish(String topic, String text, boolean retain) {
    Message m = new Message(topic, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), 0, retain,
        MqttProperties.NONE, null, 0);
    try {
      core.publish(m);
    } finally {
      m.release();
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
