package io.berth.server.api.tester;

import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Json;
import io.berth.server.api.RequestInfo;
import io.berth.server.listener.ListenerManager;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Consumer;

/** {@code POST /api/v5/listeners/{id}/test}: the listener's self-test (the Listeners page's "Test" button). */
public final class SelfTestRoutes implements Consumer<RoutesConfig> {
  private final SelfTest selfTest;
  private final Json json;
  private final AuditLog audit;

  public SelfTestRoutes(ListenerManager listeners, Json json, AuditLog audit) {
    this.selfTest = new SelfTest(listeners);
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.post("/api/v5/listeners/{id}/test", this::test);
  }

  private void test(Context ctx) throws InterruptedException {
    String id = ctx.pathParam("id");
    String who = RequestInfo.principal(ctx).auditName();
    try {
      SelfTest.Result result = selfTest.run(id, json.read(ctx, SelfTest.Request.class));
      audit.record(who, RequestInfo.address(ctx), "listener_test", id, result.ok() ? "success" : "FAILED");
      json.send(ctx, 200, result);
    } catch (ApiException e) {
      audit.record(who, RequestInfo.address(ctx), "listener_test", id, e.code());
      throw e;
    }
  }
}
