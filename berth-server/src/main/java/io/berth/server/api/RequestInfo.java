package io.berth.server.api;

import io.berth.server.api.auth.Principal;
import io.javalin.http.Context;

/** What the filters learned about a request, for the handlers. */
public final class RequestInfo {
  private static final String PRINCIPAL = "berth.principal";

  private RequestInfo() {}

  static void setPrincipal(Context ctx, Principal p) {
    ctx.attribute(PRINCIPAL, p);
  }

  /** The authenticated caller (routes that are not {@link Access#PUBLIC} always have one). */
  public static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("no principal on an authenticated route: " + ctx.path());
    }
    return p;
  }

  /** The peer's address (the socket's: no forwarding header is believed). */
  public static String address(Context ctx) {
    return ctx.req().getRemoteAddr();
  }
}
