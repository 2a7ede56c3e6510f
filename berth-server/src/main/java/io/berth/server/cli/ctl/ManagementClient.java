package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.server.cli.CliError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP side of {@code berth ctl}: one request to the management API, its JSON answer, or its refusal as a
 * one-line {@link CliError}. It knows nothing of commands.
 */
final class ManagementClient {
  /** A listener stop waits for its clients to leave (shutdown_timeout, 10 s by default): allow for that. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  /** How the API's 404 for an endpoint it does not have begins (ApiServer), as opposed to an unknown id. */
  private static final String NO_ROUTE = "no such resource: ";

  /** HTTP/1.1: the API speaks nothing else, and an h2c upgrade offer would only confuse proxies on the way. */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private String authorization;
  /** What to tell the user when the API refuses the credentials (where they came from, what else to try). */
  private String credentialsHint = "";

  /** An answer: the status and the body as the API sent it (printed as is by --json), and what was asked. */
  record Reply(int status, String body, String request) {
    JsonNode json() throws CliError {
      return parse(body);
    }
  }

  ManagementClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  void authorize(String authorizationHeader, String hint) {
    this.authorization = authorizationHeader;
    this.credentialsHint = hint;
  }

  Reply get(String path) throws CliError {
    return send("GET", path, null);
  }

  Reply post(String path, JsonNode body) throws CliError {
    return send("POST", path, body);
  }

  Reply put(String path, JsonNode body) throws CliError {
    return send("PUT", path, body);
  }

  Reply delete(String path) throws CliError {
    return send("DELETE", path, null);
  }

  /** Sends the request; any answer but 2xx becomes a CliError with the API's message. */
  Reply send(String method, String path, JsonNode body) throws CliError {
    Reply r = exchange(method, path, body);
    if (r.status() / 100 != 2) {
      throw refusal(r);
    }
    return r;
  }

  /** Sends the request and returns whatever the API answered (the caller looks at the status). */
  Reply exchange(String method, String path, JsonNode body) throws CliError {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body(), method + " " + path);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no answer within 5 s");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (HttpTimeoutException e) {
      throw CliError.failure("the management API at " + baseUrl + " did not answer " + method + " " + path
          + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliError.failure("interrupted");
    } catch (IllegalArgumentException e) { // a URL the HTTP client does not take
      throw new CliError(CliError.USAGE, "--url " + baseUrl + ": " + e.getMessage());
    }
  }

  private CliError unreachable(String why) {
    return CliError.failure("cannot reach the management API at " + baseUrl + ": " + why + " — is the broker"
        + " running? is dashboard.listeners.http enabled? (--url names another address)");
  }

  /** "no listener tcp:x"; for a refused login or key, the code too and what to try. */
  CliError refusal(Reply r) {
    String code = "HTTP_" + r.status();
    String message = r.body();
    try {
      JsonNode e = parse(r.body());
      code = e.path("code").asText(code);
      message = e.path("message").asText(message);
    } catch (CliError notJson) {
      // a proxy's page, say: show its status and text as they are
    }
    if (r.status() == 404 && message.startsWith(NO_ROUTE)) { // not an unknown id: the endpoint itself is missing
      return CliError.failure("this broker does not serve " + r.request().replaceFirst("\\?.*", "") + " yet: it is"
          + " older than this berth ctl");
    }
    if (r.status() == 401 || r.status() == 403) {
      return CliError.failure("the management API refused the request (" + r.status() + " " + code + "): "
          + message + credentialsHint);
    }
    return CliError.failure(message);
  }

  /**
   * {@code text} as one segment of a URL path: everything but letters, digits, "-._~:" percent-encoded (UTF-8);
   * with {@code keepSlashes}, "/" too is left as it is (a ban's network, "10.0.0.0/8", for a route taking the rest
   * of the path).
   */
  static String segment(String text, boolean keepSlashes) {
    StringBuilder b = new StringBuilder();
    for (byte c : text.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0
          || (keepSlashes && c == '/')) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  static String segment(String text) {
    return segment(text, false);
  }

  static JsonNode parse(String body) throws CliError {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw CliError.failure("the management API answered something that is not JSON: "
          + body.lines().findFirst().orElse(""));
    }
  }
}
