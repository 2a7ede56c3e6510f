package io.berth.server.api.auth;

/**
 * Who makes a request: an admin with a login token, or a script with an API key.
 *
 * @param name the admin's user name, or the API key
 * @param tokenDigest the login token's SHA-256 (to log out), null for an API key
 */
public record Principal(String name, Kind kind, String tokenDigest) {
  public enum Kind { ADMIN, API_KEY }

  public boolean isAdmin() {
    return kind == Kind.ADMIN;
  }

  /** How the audit log names it: "admin", "api_key:3f2a...". */
  public String auditName() {
    return kind == Kind.ADMIN ? name : "api_key:" + name;
  }
}
