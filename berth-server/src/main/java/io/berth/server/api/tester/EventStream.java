package io.berth.server.api.tester;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.server.api.auth.AdminAuth;
import io.berth.server.api.auth.Principal;
import io.javalin.http.sse.SseClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events stream of a Tester connection: {@code event: message} and {@code event: state}, each
 * {@code data} one JSON line and {@code id} its sequence number, flushed as it happens. A comment every
 * {@link #KEEP_ALIVE_MILLIS} keeps proxies from closing a quiet stream. It ends when the connection is deleted, when
 * the admin's login ends ({@code event: end}), or when the browser goes away.
 */
final class EventStream {
  static final long KEEP_ALIVE_MILLIS = 15_000;

  private final TesterConnection connection;
  private final BlockingQueue<TesterEvent> queue;
  private final Principal principal;
  private final AdminAuth auth;
  private final ObjectMapper mapper;

  EventStream(TesterConnection connection, BlockingQueue<TesterEvent> queue, Principal principal, AdminAuth auth,
      ObjectMapper mapper) {
    this.connection = connection;
    this.queue = queue;
    this.principal = principal;
    this.auth = auth;
    this.mapper = mapper;
  }

  /** Runs on the request's async thread until the stream ends. */
  void serve(SseClient client) {
    try {
      while (!client.terminated()) {
        TesterEvent e = queue.poll(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
        if (e == EventLog.END) {
          client.sendEvent("end", "{\"reason\":\"the connection was deleted\"}");
          break;
        }
        // Checked before anything is sent (a map lookup): nothing reaches a browser whose login has ended.
        if (!auth.isStillValid(principal)) {
          client.sendEvent("end", "{\"reason\":\"the login ended: log in again\"}");
          break;
        }
        connection.touch(); // someone is watching: not idle
        if (e == null) {
          client.sendComment("keep-alive");
        } else {
          client.sendEvent(e.event(), mapper.writeValueAsString(e), String.valueOf(e.seq()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event is always JSON", e);
    } finally {
      connection.log().release(queue);
      client.close();
    }
  }
}
