package io.berth.server.api.clients;

import io.berth.core.admin.ClientAdmin;
import io.berth.core.admin.ClientSnapshot;
import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Json;
import io.berth.server.api.Paging;
import io.berth.server.api.RequestInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code /api/v5/clients}: every session, connected or not, with filters and pages; one client; its subscriptions;
 * the kick. Sessions are read on their event loops ({@link ClientAdmin}).
 */
public final class ClientRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/clients";
  private final ClientAdmin clients;
  private final Json json;
  private final AuditLog audit;

  public ClientRoutes(ClientAdmin clients, Json json, AuditLog audit) {
    this.clients = clients;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get(BASE, this::list);
    r.get(BASE + "/{clientid}", ctx -> json.send(ctx, 200, ClientView.of(find(ctx.pathParam("clientid")))));
    r.get(BASE + "/{clientid}/subscriptions", ctx -> json.send(ctx, 200,
        find(ctx.pathParam("clientid")).subscriptions().stream().map(SubscriptionView::of).toList()));
    r.delete(BASE + "/{clientid}", this::kick);
  }

  private void list(Context ctx) {
    Paging paging = Paging.of(ctx, "clientid", "like_clientid", "username", "like_username", "listener");
    String id = Paging.filter(ctx, "clientid");
    String likeId = Paging.filter(ctx, "like_clientid");
    String user = Paging.filter(ctx, "username");
    String likeUser = Paging.filter(ctx, "like_username");
    String listener = Paging.filter(ctx, "listener");
    Predicate<String> byId = c -> (id == null || id.equals(c)) && (likeId == null || c.contains(likeId));
    List<ClientView> views = clients.list(byId).stream()
        .filter(s -> user == null || user.equals(s.username()))
        .filter(s -> likeUser == null || (s.username() != null && s.username().contains(likeUser)))
        .filter(s -> listener == null || Objects.equals(listener, s.listenerId()))
        .map(ClientView::of).toList();
    json.send(ctx, 200, paging.page(views));
  }

  private void kick(Context ctx) {
    String clientId = ctx.pathParam("clientid");
    String who = RequestInfo.principal(ctx).auditName();
    try {
      if (clients.get(clientId).isEmpty()) {
        throw ApiException.notFound("no client '" + clientId + "'");
      }
      if (!clients.kick(clientId)) {
        throw ApiException.notFound("client '" + clientId + "' is not connected (its session is kept offline)");
      }
      audit.record(who, RequestInfo.address(ctx), "client_kick", clientId, "success");
      ctx.status(204);
    } catch (ApiException e) {
      audit.record(who, RequestInfo.address(ctx), "client_kick", clientId, e.code());
      throw e;
    }
  }

  private ClientSnapshot find(String clientId) {
    return clients.get(clientId).orElseThrow(() -> ApiException.notFound("no client '" + clientId + "'"));
  }
}
