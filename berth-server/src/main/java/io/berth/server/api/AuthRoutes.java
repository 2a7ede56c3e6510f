package io.berth.server.api;

import io.berth.server.api.auth.AdminAccount;
import io.berth.server.api.auth.AdminAuth;
import io.berth.server.api.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.function.Consumer;

/** Login, logout, the admin's own account and password: {@code /api/v5/login}, {@code /logout}, {@code /users/me}. */
public final class AuthRoutes implements Consumer<RoutesConfig> {
  private final AdminAuth auth;
  private final Json json;
  private final AuditLog audit;

  record LoginRequest(String username, String password, String totp) {}

  record LoginResponse(String token, String expiresAt, boolean mustChangePassword) {}

  record PasswordChange(String oldPassword, String newPassword) {}

  record Me(String username, boolean mustChangePassword, boolean totpEnabled) {}

  public AuthRoutes(AdminAuth auth, Json json, AuditLog audit) {
    this.auth = auth;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.post("/api/v5/login", this::login, Access.PUBLIC);
    r.post("/api/v5/logout", this::logout, Access.BEFORE_PASSWORD_CHANGE);
    r.get("/api/v5/users/me", this::me, Access.BEFORE_PASSWORD_CHANGE, Access.ADMIN_ONLY);
    r.post("/api/v5/users/me/password", this::changePassword, Access.BEFORE_PASSWORD_CHANGE, Access.ADMIN_ONLY);
  }

  private void login(Context ctx) {
    LoginRequest req = json.read(ctx, LoginRequest.class);
    String username = Fields.required(req.username(), "username");
    String password = Fields.required(req.password(), "password");
    String address = RequestInfo.address(ctx);
    try {
      AdminAuth.Login l = auth.login(username, password, req.totp(), address);
      audit.record(username, address, "login", "", "success");
      json.send(ctx, 200, new LoginResponse(l.token(), Instant.ofEpochMilli(l.expiresAt()).toString(),
          l.mustChangePassword()));
    } catch (ApiException e) {
      audit.record(username, address, "login", "", e.code());
      throw e;
    }
  }

  private void logout(Context ctx) {
    Principal p = RequestInfo.principal(ctx);
    auth.logout(p);
    audit.record(p.auditName(), RequestInfo.address(ctx), "logout", "", "success");
    ctx.status(204);
  }

  private void me(Context ctx) {
    AdminAccount a = auth.account(RequestInfo.principal(ctx));
    json.send(ctx, 200, new Me(a.username(), a.mustChangePassword(), a.totpEnabled()));
  }

  private void changePassword(Context ctx) {
    Principal p = RequestInfo.principal(ctx);
    PasswordChange req = json.read(ctx, PasswordChange.class);
    String old = Fields.required(req.oldPassword(), "old_password");
    String next = Fields.required(req.newPassword(), "new_password");
    try {
      auth.changePassword(p, old, next, RequestInfo.address(ctx));
      audit.record(p.auditName(), RequestInfo.address(ctx), "password_change", p.name(), "success");
      ctx.status(204);
    } catch (ApiException e) {
      audit.record(p.auditName(), RequestInfo.address(ctx), "password_change", p.name(), e.code());
      throw e;
    }
  }
}
