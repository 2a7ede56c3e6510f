package io.berth.server.api;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard: a single page (Preact + htm, no build step) served from the jar at {@code /}, next to the API at
 * {@code /api/v5}. The files are in {@code io/berth/server/dashboard/} of the classpath; third-party scripts are
 * vendored in its {@code vendor/} directory (see the README there), so the page loads nothing from elsewhere.
 */
final class DashboardFiles {
  static final String CLASSPATH_DIR = "/io/berth/server/dashboard";

  private DashboardFiles() {}

  static void configure(StaticFileConfig sf) {
    sf.hostedPath = "/";
    sf.directory = CLASSPATH_DIR;
    sf.location = Location.CLASSPATH;
    // The files are public (the login page is one of them); the data they show comes from the API, which is not.
    sf.roles = Set.of(Access.PUBLIC);
    // Revalidate on every load, so that an upgraded broker never runs yesterday's scripts.
    sf.headers = Map.of("Cache-Control", "no-cache");
  }
}
