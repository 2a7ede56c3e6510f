package io.berth.server.api;

import io.berth.server.Version;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** {@code GET /api/v5/status} for load balancers (no login) and {@code GET /api-docs}, the OpenAPI file. */
public final class StatusRoutes implements Consumer<RoutesConfig> {
  static final String OPENAPI = "/io/berth/server/api/openapi.yaml";
  private final String node;
  private final long startedAt;
  private final LongSupplier clock;
  private final Json json;
  private final byte[] openApi;

  record Status(String status, String node, long uptime, String version) {}

  public StatusRoutes(String node, long startedAt, LongSupplier clock, Json json) {
    this.node = node;
    this.startedAt = startedAt;
    this.clock = clock;
    this.json = json;
    this.openApi = load();
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get("/api/v5/status", this::status, Access.PUBLIC);
    r.get("/api-docs", this::docs, Access.PUBLIC);
  }

  private void status(Context ctx) {
    json.send(ctx, 200, new Status("running", node, (clock.getAsLong() - startedAt) / 1000, Version.current()));
  }

  private void docs(Context ctx) {
    ctx.contentType("application/yaml").result(openApi);
  }

  private static byte[] load() {
    try (InputStream in = StatusRoutes.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI + " is missing from the class path: the jar is broken");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + OPENAPI, e);
    }
  }
}
