package io.berth.server.api.clients;

import io.berth.core.admin.ClientAdmin;
import io.berth.core.admin.ClientSnapshot;
import io.berth.server.api.Json;
import io.berth.server.api.Paging;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** {@code GET /api/v5/subscriptions}: every session's subscriptions, by client then filter, with filters and pages. */
public final class SubscriptionRoutes implements Consumer<RoutesConfig> {
  private final ClientAdmin clients;
  private final Json json;

  public SubscriptionRoutes(ClientAdmin clients, Json json) {
    this.clients = clients;
    this.json = json;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get("/api/v5/subscriptions", this::list);
  }

  private void list(Context ctx) {
    Paging paging = Paging.of(ctx, "clientid", "topic");
    String id = Paging.filter(ctx, "clientid");
    String topic = Paging.filter(ctx, "topic");
    List<SubscriptionView> views = clients.list(c -> id == null || id.equals(c)).stream()
        .map(ClientSnapshot::subscriptions).flatMap(List::stream)
        .filter(s -> topic == null || topic.equals(s.topic()))
        .map(SubscriptionView::of)
        .sorted(Comparator.comparing(SubscriptionView::clientid).thenComparing(SubscriptionView::topic))
        .toList();
    json.send(ctx, 200, paging.page(views));
  }
}
