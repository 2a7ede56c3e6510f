package io.berth.server.api.tester;

import io.berth.codec.ReasonCode;
import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Json;
import io.berth.server.api.RequestInfo;
import io.berth.server.api.auth.AdminAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * {@code /api/v5/tester/connections}: MQTT clients the broker runs for the admin (a browser cannot open TCP, TLS or
 * QUIC sockets): connect, subscribe, publish, read what arrives (JSON or Server-Sent Events), disconnect.
 */
public final class TesterRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/tester/connections";
  private final Tester tester;
  private final AdminAuth auth;
  private final Json json;
  private final AuditLog audit;

  record SubscribeBody(String topic, Integer qos) {}

  record UnsubscribeBody(String topic) {}

  record PublishBody(String topic, String payload, Integer qos, Boolean retain) {}

  record Codes(List<Integer> reasonCodes) {}

  record Published(String topic, int qos, Integer reasonCode, String reason) {}

  public TesterRoutes(Tester tester, AdminAuth auth, Json json, AuditLog audit) {
    this.tester = tester;
    this.auth = auth;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.post(BASE, this::create);
    r.get(BASE, ctx -> json.send(ctx, 200, tester.list().stream().map(TesterConnection::view).toList()));
    r.get(BASE + "/{id}", ctx -> json.send(ctx, 200, tester.get(ctx.pathParam("id")).view()));
    r.delete(BASE + "/{id}", this::delete);
    r.post(BASE + "/{id}/subscribe", this::subscribe);
    r.post(BASE + "/{id}/unsubscribe", this::unsubscribe);
    r.post(BASE + "/{id}/publish", this::publish);
    r.get(BASE + "/{id}/messages", ctx -> json.send(ctx, 200,
        tester.get(ctx.pathParam("id")).log().after(after(ctx))));
    r.get(BASE + "/{id}/events", this::events);
  }

  private void create(Context ctx) throws InterruptedException {
    ConnectRequest body = json.read(ctx, ConnectRequest.class);
    String who = RequestInfo.principal(ctx).auditName();
    // what the audit log names: transport and address, never the credentials
    String target = (body.transport() == null ? "" : body.transport() + "://") + (body.host() == null ? ""
        : Tester.hostPort(body.host(), body.port() == null ? 0 : body.port()));
    try {
      TesterConnection c = tester.open(body);
      audit.record(who, RequestInfo.address(ctx), "tester_connect", c.id() + " " + target, "success");
      json.send(ctx, 201, c.view());
    } catch (ApiException e) {
      audit.record(who, RequestInfo.address(ctx), "tester_connect", target, e.code());
      throw e;
    }
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    audit.audited(ctx, "tester_disconnect", id, () -> {
      tester.delete(id);
      ctx.status(204);
    });
  }

  private void subscribe(Context ctx) {
    TesterConnection c = tester.get(ctx.pathParam("id"));
    SubscribeBody b = json.read(ctx, SubscribeBody.class);
    json.send(ctx, 200, new Codes(c.subscribe(topic(b.topic()), qos(b.qos()))));
  }

  private void unsubscribe(Context ctx) {
    TesterConnection c = tester.get(ctx.pathParam("id"));
    UnsubscribeBody b = json.read(ctx, UnsubscribeBody.class);
    json.send(ctx, 200, new Codes(c.unsubscribe(topic(b.topic()))));
  }

  private void publish(Context ctx) {
    TesterConnection c = tester.get(ctx.pathParam("id"));
    PublishBody b = json.read(ctx, PublishBody.class);
    String topic = topic(b.topic());
    if (topic.contains("+") || topic.contains("#")) {
      throw ApiException.badRequest("field 'topic': a topic to publish to has no wildcards (+, #)");
    }
    int qos = qos(b.qos());
    byte[] payload = b.payload() == null ? new byte[0] : b.payload().getBytes(StandardCharsets.UTF_8);
    Integer code = c.publish(topic, payload, qos, Boolean.TRUE.equals(b.retain()));
    json.send(ctx, 200, new Published(topic, qos, code, code == null ? null
        : c.isV5() ? ReasonCode.describe(code) : "acknowledged"));
  }

  /** Server-Sent Events; the browser reads them with fetch() (it must send the Authorization header). */
  private void events(Context ctx) throws Exception {
    TesterConnection c = tester.get(ctx.pathParam("id"));
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new ApiException(406, "NOT_ACCEPTABLE", "this is an event stream: send Accept: text/event-stream"
          + " (or read " + BASE + "/" + c.id() + "/messages)");
    }
    long after = after(ctx);
    BlockingQueue<TesterEvent> queue = c.log().open(after);
    EventStream stream = new EventStream(c, queue, RequestInfo.principal(ctx), auth, json.mapper());
    new SseHandler(stream::serve).handle(ctx);
  }

  private static long after(Context ctx) {
    String a = ctx.queryParam("after");
    if (a == null || a.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(a);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("parameter 'after': expected a sequence number, not '" + a + "'");
    }
  }

  private static String topic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw ApiException.badRequest("field 'topic' is required");
    }
    return topic;
  }

  private static int qos(Integer qos) {
    if (qos == null) {
      return 0;
    }
    if (qos < 0 || qos > 2) {
      throw ApiException.badRequest("field 'qos': expected 0, 1 or 2, not " + qos);
    }
    return qos;
  }
}
