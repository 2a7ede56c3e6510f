package io.berth.server.api.metrics;

import io.berth.server.api.Json;
import io.berth.server.metrics.BrokerFigures;
import io.berth.server.metrics.PrometheusMeters;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code GET /api/v5/stats} (how many of each thing now), {@code GET /api/v5/metrics} (totals since the start), both
 * with EMQX's names, and {@code GET /api/v5/prometheus/stats}, the same figures and the JVM's as Prometheus text.
 * All need a login like every other route (scrapers use an API key with HTTP Basic).
 */
public final class MetricsRoutes implements Consumer<RoutesConfig> {
  private final BrokerFigures figures;
  private final PrometheusMeters prometheus;
  private final Json json;

  public MetricsRoutes(BrokerFigures figures, PrometheusMeters prometheus, Json json) {
    this.figures = figures;
    this.prometheus = prometheus;
    this.json = json;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get("/api/v5/stats", this::stats);
    r.get("/api/v5/metrics", ctx -> json.send(ctx, 200, figures.metrics()));
    r.get("/api/v5/prometheus/stats", ctx -> ctx.contentType(PrometheusMeters.CONTENT_TYPE)
        .result(prometheus.scrape()));
  }

  private void stats(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>(figures.stats());
    out.put("listeners", figures.listenerConnections());
    json.send(ctx, 200, out);
  }
}
