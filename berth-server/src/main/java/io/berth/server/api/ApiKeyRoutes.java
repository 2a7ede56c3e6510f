package io.berth.server.api;

import io.berth.server.api.auth.AdminStore;
import io.berth.server.api.auth.ApiKey;
import io.berth.server.api.auth.Principal;
import io.berth.server.api.auth.Secrets;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * API keys for scripts ({@code /api/v5/api_key}): made and revoked by a logged-in admin; the secret is shown once
 * and kept as a digest. Scripts send {@code Authorization: Basic base64(key:secret)}.
 */
public final class ApiKeyRoutes implements Consumer<RoutesConfig> {
  private final AdminStore store;
  private final Secrets secrets;
  private final Json json;
  private final AuditLog audit;

  record Create(String name) {}

  record Created(String key, String secret, String name, String createdAt) {}

  record Listed(String key, String name, String createdBy, String createdAt) {}

  public ApiKeyRoutes(AdminStore store, Secrets secrets, Json json, AuditLog audit) {
    this.store = store;
    this.secrets = secrets;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.post("/api/v5/api_key", this::create, Access.ADMIN_ONLY);
    r.get("/api/v5/api_key", this::list, Access.ADMIN_ONLY);
    r.delete("/api/v5/api_key/{key}", this::delete, Access.ADMIN_ONLY);
  }

  private void create(Context ctx) {
    Principal p = RequestInfo.principal(ctx);
    String name = Fields.required(json.read(ctx, Create.class).name(), "name");
    if (name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("field 'name': at most 128 characters, no control characters");
    }
    String key = secrets.hex(8);
    String secret = secrets.token();
    String now = Instant.now().toString();
    store.addApiKey(new ApiKey(key, name, Secrets.sha256(secret), p.name(), now));
    audit.record(p.auditName(), RequestInfo.address(ctx), "api_key_create", key, "success");
    json.send(ctx, 201, new Created(key, secret, name, now));
  }

  private void list(Context ctx) {
    List<Listed> keys = store.apiKeys().stream()
        .map(k -> new Listed(k.key(), k.name(), k.createdBy(), k.createdAt())).toList();
    json.send(ctx, 200, keys);
  }

  private void delete(Context ctx) {
    Principal p = RequestInfo.principal(ctx);
    String key = ctx.pathParam("key");
    if (!store.removeApiKey(key)) {
      throw ApiException.notFound("no API key " + key);
    }
    audit.record(p.auditName(), RequestInfo.address(ctx), "api_key_delete", key, "success");
    ctx.status(204);
  }
}
