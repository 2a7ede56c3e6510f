package io.berth.server.api.users;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.builtin.PasswordFileContent;
import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Fields;
import io.berth.server.api.Json;
import io.berth.server.api.Paging;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code /api/v5/authentication/password_based:built_in_database/users}: the MQTT users of the password file of the
 * configured {@code password_based} provider (EMQX's path and fields). Hashes never leave the broker.
 */
public final class UserRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/authentication/password_based:built_in_database/users";
  private final BuiltInUsers users;
  private final Json json;
  private final AuditLog audit;

  record UserView(String userId, boolean isSuperuser) {
    static UserView of(User u) {
      return new UserView(u.username(), u.superuser());
    }
  }

  record NewUser(String userId, String password, Boolean isSuperuser) {}

  record UserChange(String password, Boolean isSuperuser) {}

  /**
   * @param file the password file, or null when no {@code password_based} provider is configured (every call: 404)
   * @param reload makes the broker read the changed file now
   */
  public UserRoutes(Path file, Runnable reload, Json json, AuditLog audit) {
    this.users = new BuiltInUsers(file, reload);
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get(BASE, this::list);
    r.post(BASE, this::create);
    r.get(BASE + "/{user_id}", ctx -> json.send(ctx, 200, UserView.of(users.get(ctx.pathParam("user_id"))
        .orElseThrow(() -> notFound(ctx.pathParam("user_id"))))));
    r.put(BASE + "/{user_id}", this::update);
    r.delete(BASE + "/{user_id}", this::delete);
  }

  private void list(Context ctx) {
    Paging paging = Paging.of(ctx, "like_user_id");
    String like = Paging.filter(ctx, "like_user_id");
    List<UserView> all = users.list().stream().filter(u -> like == null || u.username().contains(like))
        .map(UserView::of).sorted(Comparator.comparing(UserView::userId)).toList();
    json.send(ctx, 200, paging.page(all));
  }

  private void create(Context ctx) {
    NewUser req = json.read(ctx, NewUser.class);
    audited(ctx, "mqtt_user_create", req.userId(), () -> {
      String id = Fields.required(req.userId(), "user_id");
      String problem = PasswordFileContent.usernameProblem(id);
      if (problem != null) {
        throw ApiException.badRequest("field 'user_id': " + problem);
      }
      String password = Fields.required(req.password(), "password");
      boolean su = Boolean.TRUE.equals(req.isSuperuser());
      if (!users.create(id, BuiltInUsers.bytes(password), su)) {
        throw new ApiException(409, "ALREADY_EXISTS", "user '" + id + "' exists (PUT changes it)");
      }
      json.send(ctx, 201, new UserView(id, su));
    });
  }

  private void update(Context ctx) {
    UserChange req = json.read(ctx, UserChange.class);
    String id = ctx.pathParam("user_id");
    audited(ctx, "mqtt_user_update", id, () -> {
      if (req.password() == null && req.isSuperuser() == null) {
        throw ApiException.badRequest("no field to change (password, is_superuser)");
      }
      byte[] password = req.password() == null ? null : BuiltInUsers.bytes(Fields.required(req.password(),
          "password"));
      User u = users.update(id, password, req.isSuperuser()).orElseThrow(() -> notFound(id));
      json.send(ctx, 200, UserView.of(u));
    });
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("user_id");
    audited(ctx, "mqtt_user_delete", id, () -> {
      if (!users.delete(id)) {
        throw notFound(id);
      }
      ctx.status(204);
    });
  }

  private void audited(Context ctx, String action, String target, Runnable work) {
    audit.audited(ctx, action, target == null ? "" : target, work);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("no user '" + id + "'");
  }
}
