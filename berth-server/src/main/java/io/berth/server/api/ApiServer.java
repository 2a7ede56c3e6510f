package io.berth.server.api;

import io.berth.core.admin.LoopTimeoutException;
import io.berth.server.api.auth.AdminAuth;
import io.berth.server.api.auth.Principal;
import io.berth.server.config.DashboardConfig;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API's HTTP server (Javalin on Jetty): security headers on every response, authentication before
 * every route that is not {@link Access#PUBLIC}, and every error as JSON {@code {code, message}} with no stack trace.
 * Routes come from the {@code route groups}, each registering its own; the dashboard's files ({@link DashboardFiles})
 * are served at {@code /}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  /**
   * The browser may load nothing from elsewhere, run no inline script, and never frame the page. Two exceptions for
   * the dashboard: {@code img-src data:} for the TOTP QR code (a PNG the server draws, shown as a data: URL), and
   * {@code connect-src ws: wss:} for the Tester's "connect from this browser" (MQTT over WebSocket to a listener,
   * which is on another port, so not 'self').
   */
  static final String CSP = "default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:;"
      + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Javalin app;
  private final List<AutoCloseable> resources;

  private ApiServer(Javalin app, List<AutoCloseable> resources) {
    this.app = app;
    this.resources = resources;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException the address could not be bound (one line)
   */
  public static ApiServer start(DashboardConfig config, AdminAuth auth, Json json,
      List<Consumer<RoutesConfig>> routeGroups) throws IOException {
    return start(config, auth, json, routeGroups, List.of());
  }

  /** @param resources closed with the server (the Prometheus registry) */
  public static ApiServer start(DashboardConfig config, AdminAuth auth, Json json,
      List<Consumer<RoutesConfig>> routeGroups, List<AutoCloseable> resources) throws IOException {
    var https = config.https() == null ? null : HttpsConnector.of(config.https());
    Javalin app = Javalin.create(cfg -> {
      if (https != null) { // Javalin makes its own HTTP connector only when none is added: add both
        cfg.jetty.addConnector(HttpsConnector.plain(config.host(), config.port()));
        cfg.jetty.addConnector(https);
      }
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = Json.MAX_BODY_BYTES;
      cfg.http.generateEtags = false;
      // No graceful wait at shutdown: idle keep-alive connections of HTTP clients would hold it for nothing.
      cfg.jetty.modifyServer(server -> server.setStopTimeout(0));
      cfg.staticFiles.add(DashboardFiles::configure);
      // Topics, client ids and networks in a path carry slashes, sent URL-encoded (%2F): Jetty refuses those unless
      // told to take them, and then they stay one path parameter.
      cfg.jetty.modifyHttpConfiguration(h -> h.setUriCompliance(UriCompliance.DEFAULT.with("berth",
          UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)));
      cfg.jetty.modifyServletContextHandler(h -> h.getServletHandler().setDecodeAmbiguousURIs(true));
      RoutesConfig r = cfg.routes;
      r.before(ApiServer::securityHeaders);
      r.beforeMatched(ctx -> authorize(ctx, auth));
      r.exception(ApiException.class, (e, ctx) -> error(ctx, json, e.status(), e.code(), e.getMessage()));
      r.exception(LoopTimeoutException.class, (e, ctx) -> error(ctx, json, 503, "SERVICE_UNAVAILABLE",
          e.getMessage() + ": try again"));
      r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, json, e.getStatus(),
          codeOf(e.getStatus()), messageOf(e.getStatus(), ctx)));
      r.exception(Exception.class, (e, ctx) -> {
        log.warn("management API: {} {} failed: {}", ctx.method(), ctx.path(), e.toString());
        error(ctx, json, 500, "INTERNAL_ERROR", "internal error: see the broker's log");
      });
      for (int status : new int[] {404, 405, 413}) { // Javalin's own answers (no route, method, body too large)
        r.error(status, ctx -> {
          if (!"application/json".equals(ctx.res().getContentType())) {
            error(ctx, json, status, codeOf(status), messageOf(status, ctx));
          }
        });
      }
      routeGroups.forEach(g -> g.accept(r));
    });
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      app.stop();
      closeAll(resources);
      throw new IOException("management API: cannot listen on " + config.bind() + ": " + rootMessage(e), e);
    }
    return new ApiServer(app, resources);
  }

  /** The port it listens on (the real one when the configuration said 0). */
  public int port() {
    return httpConnector().getLocalPort();
  }

  /** The HTTPS port (the real one when the configuration said 0), or -1 without HTTPS. */
  public int httpsPort() {
    ServerConnector c = connector(true);
    return c == null ? -1 : c.getLocalPort();
  }

  private ServerConnector httpConnector() {
    return connector(false);
  }

  private ServerConnector connector(boolean tls) {
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc && sc.getDefaultProtocol().startsWith("SSL") == tls) {
        return sc;
      }
    }
    return null;
  }

  /** "http://0.0.0.0:18083". */
  public String url() {
    ServerConnector c = httpConnector();
    String host = c.getHost() == null ? "0.0.0.0" : c.getHost();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  @Override
  public void close() {
    try {
      app.stop();
    } catch (RuntimeException e) { // the broker stops anyway; say why this part did not stop cleanly
      log.warn("management API: stop: {}", rootMessage(e));
    }
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("management API: stop: {}", rootMessage(e));
      }
    }
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    if (ctx.req().isSecure()) { // once on HTTPS, the browser keeps to it for this host
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
    if (ctx.path().startsWith("/api")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  private static void authorize(Context ctx, AdminAuth auth) {
    var roles = ctx.routeRoles();
    if (roles.contains(Access.PUBLIC)) {
      return;
    }
    Principal p = auth.authenticate(ctx.header("Authorization"));
    RequestInfo.setPrincipal(ctx, p);
    if (roles.contains(Access.ADMIN_ONLY) && !p.isAdmin()) {
      throw ApiException.forbidden("API keys may not do this: log in as an admin");
    }
    if (!roles.contains(Access.BEFORE_PASSWORD_CHANGE) && auth.mustChangePassword(p)) {
      throw new ApiException(403, "PASSWORD_CHANGE_REQUIRED", "change the generated password first: POST"
          + " /api/v5/users/me/password");
    }
  }

  private static void error(Context ctx, Json json, int status, String code, String message) {
    json.send(ctx, status, new ErrorBody(code, message));
  }

  /** The body of every error. */
  record ErrorBody(String code, String message) {}

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      default -> "HTTP_" + status;
    };
  }

  private static String messageOf(int status, Context ctx) {
    return switch (status) {
      case 404 -> "no such resource: " + ctx.path();
      case 405 -> "method " + ctx.method().name().toUpperCase(Locale.ROOT) + " is not allowed on " + ctx.path();
      case 413 -> "the request body is larger than " + Json.MAX_BODY_BYTES + " bytes";
      default -> "HTTP " + status;
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
