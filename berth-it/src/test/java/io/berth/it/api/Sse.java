package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events stream read with java.net.http, as the dashboard reads it with fetch(). */
final class Sse implements AutoCloseable {
  final int status;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  /** Every line read so far. */
  final StringBuilder seen = new StringBuilder();
  private final Stream<String> body;

  private Sse(HttpResponse<Stream<String>> r) {
    status = r.statusCode();
    body = r.body();
    Thread t = new Thread(() -> {
      try {
        body.forEach(lines::add);
      } catch (RuntimeException closed) {
        // the stream was closed
      }
    }, "sse-reader");
    t.setDaemon(true);
    t.start();
  }

  static Sse open(String base, String path, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(60)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return new Sse(HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines()));
  }

  /** The data of the next event of {@code type} (others skipped), within 10 s. */
  JsonNode next(String type) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    String event = null;
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      assertThat(line).as("an SSE event '" + type + "' within 10 s").isNotNull();
      seen.append(line).append('\n');
      if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:") && type.equals(event)) {
        return Api.JSON.readTree(line.substring(5).strip());
      }
    }
  }

  @Override
  public void close() {
    body.close();
  }
}
