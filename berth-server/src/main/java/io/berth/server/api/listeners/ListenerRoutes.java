package io.berth.server.api.listeners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Json;
import io.berth.server.listener.ListenerStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code /api/v5/listeners}: list, read, create, update, delete, start, stop and restart listeners. Settings are
 * the keys of a listener in berth.conf, as JSON ({@code max_connections}, {@code ssl_options.certfile},
 * {@code websocket.mqtt_path}, {@code access_rules}, ...).
 */
public final class ListenerRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/listeners";
  private final ListenerChanges changes;
  private final Json json;
  private final AuditLog audit;

  public ListenerRoutes(ListenerChanges changes, Json json, AuditLog audit) {
    this.changes = changes;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get(BASE, ctx -> json.send(ctx, 200, changes.manager().list().stream().map(ListenerView::of).toList()));
    r.post(BASE, this::create);
    r.get(BASE + "/{id}", ctx -> json.send(ctx, 200, ListenerView.of(changes.status(ctx.pathParam("id")))));
    r.put(BASE + "/{id}", this::update);
    r.delete(BASE + "/{id}", ctx -> audited(ctx, "listener_delete", () -> {
      changes.remove(ctx.pathParam("id"));
      ctx.status(204);
    }));
    r.post(BASE + "/{id}/start", ctx -> audited(ctx, "listener_start", () -> json.send(ctx, 200,
        ListenerView.of(changes.setRunning(ctx.pathParam("id"), true)))));
    r.post(BASE + "/{id}/stop", ctx -> audited(ctx, "listener_stop", () -> json.send(ctx, 200,
        ListenerView.of(changes.setRunning(ctx.pathParam("id"), false)))));
    r.post(BASE + "/{id}/restart", ctx -> audited(ctx, "listener_restart", () -> json.send(ctx, 200,
        ListenerView.of(changes.restart(ctx.pathParam("id"))))));
  }

  private void create(Context ctx) {
    ObjectNode body = json.object(ctx);
    String type = text(body.remove("type"), "type");
    String name = text(body.remove("name"), "name");
    String id = type + ":" + name;
    ctx.attribute("berth.target", id);
    audited(ctx, "listener_create", () -> {
      ListenerStatus s = changes.create(type, name, settings(body));
      json.send(ctx, 201, ListenerView.of(s));
    });
  }

  private void update(Context ctx) {
    ObjectNode body = json.object(ctx);
    String id = ctx.pathParam("id");
    audited(ctx, "listener_update", () -> {
      for (String fixed : new String[] {"id", "type", "name"}) {
        if (body.has(fixed)) {
          throw ApiException.badRequest("field '" + fixed + "': a listener's id cannot change (create another)");
        }
      }
      if (body.isEmpty()) {
        throw ApiException.badRequest("no field to change");
      }
      json.send(ctx, 200, ListenerView.of(changes.update(id, settings(body))));
    });
  }

  private void audited(Context ctx, String action, Runnable work) {
    String target = ctx.attribute("berth.target") != null ? ctx.attribute("berth.target") : ctx.pathParam("id");
    audit.audited(ctx, action, target, work);
  }


  private static String text(JsonNode v, String field) {
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw ApiException.badRequest("field '" + field + "' is required (a string)");
    }
    return v.asText();
  }

  /** The settings as plain maps, lists and values for the configuration; null is refused. */
  private Map<String, Object> settings(ObjectNode body) {
    noNulls(body, "");
    Map<String, Object> out = new LinkedHashMap<>();
    body.fields().forEachRemaining(e -> out.put(e.getKey(), json.mapper().convertValue(e.getValue(), Object.class)));
    return out;
  }

  private static void noNulls(JsonNode n, String path) {
    if (n.isNull()) {
      throw ApiException.badRequest("field '" + path + "': null is not a value (leave the field out)");
    }
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        noNulls(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        noNulls(n.get(i), path + "[" + i + "]");
      }
    }
  }
}
