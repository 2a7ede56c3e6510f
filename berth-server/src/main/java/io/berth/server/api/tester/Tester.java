package io.berth.server.api.tester;

import io.berth.server.api.ApiException;
import io.berth.server.client.ClientException;
import io.berth.server.client.ClientTls;
import io.berth.server.client.ClientTransport;
import io.berth.server.client.MqttClient;
import io.berth.server.config.DashboardConfig;
import io.berth.server.listener.ListenerManager;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tester's connections, by id: opened to a target the {@link TargetPolicy} allows, at most
 * {@code dashboard.tester.max_connections} at once, closed after {@link #IDLE_MILLIS} unused, all closed with the API.
 */
public final class Tester implements AutoCloseable {
  /** A connection nobody used (no request, no event stream) for this long is closed. */
  static final long IDLE_MILLIS = 30 * 60_000;
  private static final Logger log = LoggerFactory.getLogger(Tester.class);

  private final TargetPolicy policy;
  private final int maxConnections;
  private final Map<String, TesterConnection> connections = new LinkedHashMap<>();
  private final ScheduledExecutorService sweeper;
  private int opening; // connections being opened, counted against the maximum
  private long lastId;
  private boolean closed;

  public Tester(ListenerManager listeners, DashboardConfig config) {
    this.policy = new TargetPolicy(listeners, config.testerAllowedHosts());
    this.maxConnections = config.testerMaxConnections();
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "berth-tester-idle");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.MINUTES);
  }

  /**
   * Checks the target, connects (up to 10 s) and keeps the connection.
   *
   * @throws ApiException 400 bad fields, 403 target not allowed, 429 too many, 502 CONNECT_FAILED
   */
  TesterConnection open(ConnectRequest body) throws InterruptedException {
    ConnectRequest r = body.checked();
    InetAddress address = policy.check(r.host(), r.port());
    ClientTls tls = r.ssl() != null ? r.ssl().toClientTls() : ClientTls.DEFAULT;
    String serverName = r.ssl() != null && r.ssl().serverName() != null ? r.ssl().serverName() : r.host();
    ClientTransport transport = Transports.of(r.transport(), address, r.port(), r.path(), tls, serverName);
    String id = reserve();
    try {
      MqttClient client = MqttClient.connect(transport, r.toConnect());
      TesterConnection c = new TesterConnection(id, r, client);
      synchronized (this) {
        opening--;
        if (!closed) {
          connections.put(id, c);
          return c;
        }
      }
      c.close();
      throw new ApiException(503, "STOPPING", "the management API is stopping");
    } catch (ClientException e) {
      release();
      throw ConnectFailure.connectFailed(e, hostPort(r.host(), r.port()));
    } catch (RuntimeException | InterruptedException e) {
      release();
      throw e;
    }
  }

  private synchronized String reserve() {
    if (maxConnections == 0) {
      throw new ApiException(403, "TESTER_DISABLED", "the Tester is off (dashboard.tester.max_connections = 0)");
    }
    if (connections.size() + opening >= maxConnections) {
      throw new ApiException(429, "TOO_MANY_CONNECTIONS", "the Tester has " + maxConnections + " connections open"
          + " (dashboard.tester.max_connections): delete one first");
    }
    opening++;
    return "t" + ++lastId;
  }

  private synchronized void release() {
    opening--;
  }

  /** The connection, marked as used; 404 when there is none. */
  synchronized TesterConnection get(String id) {
    TesterConnection c = connections.get(id);
    if (c == null) {
      throw ApiException.notFound("no Tester connection " + id);
    }
    c.touch();
    return c;
  }

  synchronized List<TesterConnection> list() {
    return new ArrayList<>(connections.values());
  }

  /** DISCONNECTs and forgets the connection; 404 when there is none. */
  void delete(String id) {
    TesterConnection c;
    synchronized (this) {
      c = connections.remove(id);
    }
    if (c == null) {
      throw ApiException.notFound("no Tester connection " + id);
    }
    c.close();
  }

  private void closeIdle() {
    long before = System.currentTimeMillis() - IDLE_MILLIS;
    List<TesterConnection> idle = new ArrayList<>();
    synchronized (this) {
      connections.values().removeIf(c -> c.lastUsed() < before && c.log().streamCount() == 0 && idle.add(c));
    }
    idle.forEach(c -> {
      log.info("Tester connection {} closed: unused for {} minutes", c.id(), IDLE_MILLIS / 60_000);
      c.close();
    });
  }

  static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Closes every connection (the API stops). */
  @Override
  public void close() {
    List<TesterConnection> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(connections.values());
      connections.clear();
    }
    sweeper.shutdownNow();
    all.forEach(TesterConnection::close);
  }
}
