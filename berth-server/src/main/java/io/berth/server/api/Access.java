package io.berth.server.api;

import io.javalin.security.RouteRole;

/** Who may call a route: anyone (status, login, the OpenAPI file), or only an authenticated admin or API key. */
public enum Access implements RouteRole {
  /** No login: load balancers, the login itself. */
  PUBLIC,
  /** Allowed while the admin still has to change the first password (so that they can). */
  BEFORE_PASSWORD_CHANGE,
  /** Only an admin logged in with a token, not an API key (their own account, API keys). */
  ADMIN_ONLY
}
