package io.berth.server.api.retained;

import io.berth.core.Message;
import io.berth.core.router.RetainedStore;
import io.berth.core.topic.Topics;
import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Json;
import io.berth.server.api.Paging;
import io.berth.server.api.RequestInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code /api/v5/mqtt/retainer}: the retained messages by topic (in pages), one of them, and its removal. The removal
 * goes through the core's retained store, so with durability on it leaves the disk too. A topic in the path is
 * URL-encoded ({@code a%2Fb}) or written as is ({@code a/b}).
 */
public final class RetainedRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/mqtt/retainer";
  private final RetainedStore retained;
  private final Json json;
  private final AuditLog audit;

  public RetainedRoutes(RetainedStore retained, Json json, AuditLog audit) {
    this.retained = retained;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get(BASE + "/messages", this::list);
    r.get(BASE + "/message/<topic>", ctx -> json.send(ctx, 200, find(topic(ctx))
        .orElseThrow(() -> notFound(topic(ctx)))));
    r.delete(BASE + "/message/<topic>", this::delete);
  }

  private void list(Context ctx) {
    Paging paging = Paging.of(ctx);
    List<String> topics = new ArrayList<>(retained.topics());
    topics.sort(null);
    Paging.Page<String> page = paging.page(topics);
    List<RetainedView> views = new ArrayList<>();
    for (String t : page.data()) {
      find(t).ifPresent(views::add); // gone meanwhile (removed, expired): left out
    }
    json.send(ctx, 200, new Paging.Page<>(views, page.meta()));
  }

  private void delete(Context ctx) {
    String topic = topic(ctx);
    String who = RequestInfo.principal(ctx).auditName();
    if (find(topic).isEmpty()) {
      audit.record(who, RequestInfo.address(ctx), "retained_delete", topic, "NOT_FOUND");
      throw notFound(topic);
    }
    retained.remove(topic);
    audit.record(who, RequestInfo.address(ctx), "retained_delete", topic, "success");
    ctx.status(204);
  }

  private Optional<RetainedView> find(String topic) {
    List<Message> found = retained.match(topic);
    try {
      return found.stream().findFirst().map(RetainedView::of);
    } finally {
      found.forEach(Message::release);
    }
  }

  private static String topic(Context ctx) {
    String t = ctx.pathParam("topic");
    if (t.isEmpty() || Topics.hasWildcard(t)) {
      throw ApiException.badRequest("topic '" + t + "': expected a topic name (no + or #)");
    }
    return t;
  }

  private static ApiException notFound(String topic) {
    return ApiException.notFound("no retained message on topic '" + topic + "'");
  }
}
