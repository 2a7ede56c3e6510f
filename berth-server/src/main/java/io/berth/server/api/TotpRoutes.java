package io.berth.server.api;

import io.berth.server.api.auth.AdminAccount;
import io.berth.server.api.auth.AdminAuth;
import io.berth.server.api.auth.Principal;
import io.berth.server.api.auth.TotpEnrolment;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Consumer;

/** The admin's second factor: enrol ({@code POST .../totp}), confirm with a code, turn off with password + code. */
public final class TotpRoutes implements Consumer<RoutesConfig> {
  private final AdminAuth auth;
  private final TotpEnrolment enrolment;
  private final Json json;
  private final AuditLog audit;

  record Code(String code) {}

  record TurnOff(String password, String code) {}

  record Confirmed(List<String> recoveryCodes) {}

  public TotpRoutes(AdminAuth auth, TotpEnrolment enrolment, Json json, AuditLog audit) {
    this.auth = auth;
    this.enrolment = enrolment;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.post("/api/v5/users/me/totp", this::start, Access.ADMIN_ONLY);
    r.post("/api/v5/users/me/totp/confirm", this::confirm, Access.ADMIN_ONLY);
    r.delete("/api/v5/users/me/totp", this::turnOff, Access.ADMIN_ONLY);
  }

  private void start(Context ctx) {
    AdminAccount a = auth.account(RequestInfo.principal(ctx));
    json.read(ctx, Empty.class);
    json.send(ctx, 200, enrolment.start(a));
    audit.record(a.username(), RequestInfo.address(ctx), "totp_enrol_start", a.username(), "success");
  }

  private void confirm(Context ctx) {
    Principal p = RequestInfo.principal(ctx);
    AdminAccount a = auth.account(p);
    String code = Fields.required(json.read(ctx, Code.class).code(), "code");
    try {
      List<String> recovery = enrolment.confirm(a, code);
      audit.record(a.username(), RequestInfo.address(ctx), "totp_enable", a.username(), "success");
      json.send(ctx, 200, new Confirmed(recovery));
    } catch (ApiException e) {
      audit.record(a.username(), RequestInfo.address(ctx), "totp_enable", a.username(), e.code());
      throw e;
    }
  }

  private void turnOff(Context ctx) {
    AdminAccount a = auth.account(RequestInfo.principal(ctx));
    TurnOff req = json.read(ctx, TurnOff.class);
    String password = Fields.required(req.password(), "password");
    String code = Fields.required(req.code(), "code");
    try {
      enrolment.turnOff(a, password, code);
      audit.record(a.username(), RequestInfo.address(ctx), "totp_disable", a.username(), "success");
      ctx.status(204);
    } catch (ApiException e) {
      audit.record(a.username(), RequestInfo.address(ctx), "totp_disable", a.username(), e.code());
      throw e;
    }
  }

  /** A body that must be empty or {}. */
  record Empty() {}
}
