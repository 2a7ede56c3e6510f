package io.berth.server.api.tester;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.server.api.ApiException;
import io.berth.server.client.ClientException;
import io.berth.server.client.ClientTls;
import io.berth.server.client.ClientTransport;
import io.berth.server.client.HandshakeTimes;
import io.berth.server.client.MqttClient;
import io.berth.server.config.ListenerConfig;
import io.berth.server.listener.ListenerEndpoint;
import io.berth.server.listener.ListenerManager;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A listener's self-test: a real MQTT round trip through it (connect, TLS, WebSocket upgrade, CONNACK, SUBSCRIBE to
 * a topic of its own, PUBLISH QoS 1, the message back), each step timed. A TLS listener's own certificate is pinned
 * (the broker has it: no CA needed) unless the request gives its own TLS settings.
 */
final class SelfTest {
  private static final int SUBSCRIBE_ID = 1;
  private static final int PUBLISH_ID = 2;

  /** The optional body: credentials for a listener that needs them, TLS settings to test as a client would. */
  record Request(String username, String password, SslRequest ssl) {}

  record Result(String listener, boolean ok, List<Step> steps, TlsInfo tls, String error) {}

  private final ListenerManager listeners;

  SelfTest(ListenerManager listeners) {
    this.listeners = listeners;
  }

  Result run(String id, Request body) throws InterruptedException {
    ListenerEndpoint e = listeners.endpoints().stream().filter(x -> x.config().id().equals(id)).findFirst()
        .orElseThrow(() -> ApiException.notFound("no listener " + id));
    ListenerConfig c = e.config();
    ClientTransport transport = transport(e, body.ssl());
    String clientId = "berth-selftest-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    byte[] password = body.password() == null ? null : body.password().getBytes(StandardCharsets.UTF_8);
    Connect connect = new Connect(MqttVersion.V5, clientId, true, 30, body.username(), password, null,
        MqttProperties.NONE);
    Steps steps = new Steps(c.type());
    HandshakeTimes times = new HandshakeTimes();
    MqttClient client;
    try {
      client = MqttClient.connect(transport, connect, times);
    } catch (ClientException failed) {
      String why = ConnectFailure.sentence(failed, where(transport));
      steps.handshake(times, why);
      return new Result(id, false, steps.list(), null, why);
    }
    steps.handshake(times, null);
    TlsInfo tls = TlsInfo.of(client.tlsSession());
    try {
      String error = roundTrip(client, clientId, steps);
      client.disconnect();
      return new Result(id, error == null, steps.list(), tls, error);
    } finally {
      client.close();
    }
  }

  /** Subscribe, publish, receive; the error (already a failed step), or null when all went well. */
  private static String roundTrip(MqttClient client, String clientId, Steps steps) throws InterruptedException {
    String topic = "berth/self-test/" + clientId;
    long t = System.nanoTime();
    try {
      client.send(new Subscribe(SUBSCRIBE_ID, List.of(Subscription.of(topic, 1)), MqttProperties.NONE));
      Suback ack = (Suback) until(client, p -> p instanceof Suback s && s.packetId() == SUBSCRIBE_ID, "SUBACK");
      int granted = ack.reasonCodes().get(0);
      if (ReasonCode.isError(granted)) {
        return steps.fail("subscribe", t, "SUBACK " + ReasonCode.describe(granted) + " for " + topic);
      }
      steps.ok("subscribe", t, System.nanoTime(), "granted QoS " + granted + " on " + topic);
      t = System.nanoTime();
      client.send(new Publish(topic, 1, false, false, PUBLISH_ID, MqttProperties.NONE,
          Unpooled.wrappedBuffer(clientId.getBytes(StandardCharsets.UTF_8))));
      long sent = t;
      long receivedAt = 0; // the message may come back before the PUBACK
      boolean acked = false;
      while (!acked || receivedAt == 0) {
        MqttPacket p = until(client, x -> x instanceof PubAck || x instanceof Publish, acked ? "the message"
            : "PUBACK");
        if (p instanceof PubAck a && a.packetId() == PUBLISH_ID) {
          if (ReasonCode.isError(a.reasonCode())) {
            return steps.fail("publish", sent, "PUBACK " + ReasonCode.describe(a.reasonCode()));
          }
          steps.ok("publish", sent, System.nanoTime(), "PUBACK " + ReasonCode.describe(a.reasonCode()));
          acked = true;
        } else if (p instanceof Publish m) {
          client.send(new PubAck(m.packetId()));
          boolean ours = m.topic().equals(topic);
          m.payload().release();
          if (ours && receivedAt == 0) {
            receivedAt = System.nanoTime();
          }
        }
      }
      steps.ok("receive", sent, receivedAt, "the message came back on " + topic);
      return null;
    } catch (ClientException e) {
      return steps.fail(steps.next(), t, ConnectFailure.disconnected(e));
    } catch (StepTimeout e) {
      return steps.fail(steps.next(), t, e.getMessage());
    }
  }

  private static MqttPacket until(MqttClient client, java.util.function.Predicate<MqttPacket> wanted, String what)
      throws ClientException, InterruptedException, StepTimeout {
    long deadline = System.currentTimeMillis() + MqttClient.TIMEOUT_MILLIS;
    while (true) {
      MqttPacket p = client.next(Math.max(0, deadline - System.currentTimeMillis()));
      if (p == null) {
        throw new StepTimeout("timed out after " + MqttClient.TIMEOUT_MILLIS / 1000 + " s waiting for " + what);
      }
      if (wanted.test(p)) {
        return p;
      }
      if (p instanceof Publish m) {
        m.payload().release();
      }
    }
  }

  /** A step waited too long. */
  private static final class StepTimeout extends Exception {
    private static final long serialVersionUID = 1L;

    StepTimeout(String message) {
      super(message, null, false, false);
    }
  }

  private static ClientTransport transport(ListenerEndpoint e, SslRequest ssl) {
    ListenerConfig c = e.config();
    if (c.unix() != null) {
      if (ssl != null) {
        throw ApiException.badRequest("field 'ssl': a unix listener has no TLS");
      }
      return ClientTransport.unix(c.unix().path());
    }
    if (ssl != null && !ConnectRequest.secure(c.type())) {
      throw ApiException.badRequest("field 'ssl': listener " + c.id() + " has no TLS");
    }
    InetAddress address = reachable(e.address().getAddress());
    ClientTls tls = ssl != null ? ssl.toClientTls()
        : e.certificate() != null ? ClientTls.pinning(e.certificate()) : ClientTls.DEFAULT;
    String serverName = ssl != null && ssl.serverName() != null ? ssl.serverName() : address.getHostAddress();
    String path = c.websocket() == null ? null : c.websocket().mqttPath();
    return Transports.of(c.type(), address, e.address().getPort(), path, tls, serverName);
  }

  /** A listener bound to every address (0.0.0.0, ::) is reached on the loopback address of its family. */
  static InetAddress reachable(InetAddress bind) {
    if (!bind.isAnyLocalAddress()) {
      return bind;
    }
    try {
      return InetAddress.getByName(bind instanceof Inet6Address ? "::1" : "127.0.0.1");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("a literal always parses", e);
    }
  }

  private static String where(ClientTransport t) {
    return t.address();
  }
}
