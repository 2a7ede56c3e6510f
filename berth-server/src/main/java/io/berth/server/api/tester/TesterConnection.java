package io.berth.server.api.tester;

import io.berth.codec.MqttProperties;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import io.berth.server.api.ApiException;
import io.berth.server.client.ClientException;
import io.berth.server.client.MqttClient;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One MQTT client the broker runs for the admin. Its reader thread takes every packet from the broker: messages are
 * acknowledged as their QoS asks and logged as events, acknowledgements complete the request waiting for them, and
 * the end of the connection becomes a "disconnected" event. Requests (subscribe, publish) come from HTTP threads.
 */
final class TesterConnection {
  /** Events kept per connection; the oldest go first. */
  static final int LOG_CAPACITY = 1000;
  /** Event streams (browser tabs) per connection. */
  static final int MAX_STREAMS = 3;

  private final String id;
  private final ConnectRequest request;
  private final MqttClient client;
  private final TlsInfo tls;
  private final String createdAt = Instant.now().toString();
  private final EventLog log = new EventLog(LOG_CAPACITY, MAX_STREAMS);
  private final Map<Integer, CompletableFuture<MqttPacket>> pending = new ConcurrentHashMap<>();
  private final Set<Integer> awaitingRel = new HashSet<>(); // reader thread only
  private final Thread reader;
  private int lastPacketId;
  private volatile boolean closing;
  private volatile String state = "connected";
  private volatile String reason;
  private volatile long lastUsed = System.currentTimeMillis();

  /** The connection's view: {@code {id, name, host, port, transport, clientid, state, connack, tls, ...}}. */
  record View(String id, String name, String host, int port, String transport, String path, String clientid,
      String protoVer, String state, String reason, ConnackView connack, TlsInfo tls, String createdAt) {}

  record ConnackView(int reasonCode, String reason, boolean sessionPresent) {}

  TesterConnection(String id, ConnectRequest request, MqttClient client) {
    this.id = id;
    this.request = request;
    this.client = client;
    this.tls = TlsInfo.of(client.tlsSession());
    log.add(seq -> TesterEvent.state(seq, "connected", "CONNACK " + ReasonCode.describe(0)));
    reader = new Thread(this::read, "berth-tester-" + id);
    reader.setDaemon(true);
    reader.start();
  }

  String id() {
    return id;
  }

  EventLog log() {
    return log;
  }

  View view() {
    Connack c = client.connack();
    return new View(id, request.name(), request.host(), request.port(), request.transport(), request.path(),
        request.clientid(), client.version().label(),
        state, reason, new ConnackView(c.reasonCode(), client.version().isV5() ? ReasonCode.describe(c.reasonCode())
            : ReasonCode.describeV3Connack(c.reasonCode()), c.sessionPresent()), tls, createdAt);
  }

  void touch() {
    lastUsed = System.currentTimeMillis();
  }

  long lastUsed() {
    return lastUsed;
  }

  /** SUBSCRIBE, and the SUBACK's reason codes (granted QoS, or 0x80 and above for a refusal). */
  List<Integer> subscribe(String topic, int qos) {
    int packetId = nextPacketId();
    CompletableFuture<MqttPacket> ack = expect(packetId);
    client.send(new Subscribe(packetId, List.of(Subscription.of(topic, qos)), MqttProperties.NONE));
    return ((Suback) await(ack, packetId, "SUBACK")).reasonCodes();
  }

  /** UNSUBSCRIBE, and the UNSUBACK's reason codes (MQTT 5; none for 3.1.1). */
  List<Integer> unsubscribe(String topic) {
    int packetId = nextPacketId();
    CompletableFuture<MqttPacket> ack = expect(packetId);
    client.send(new Unsubscribe(packetId, List.of(topic), MqttProperties.NONE));
    return ((Unsuback) await(ack, packetId, "UNSUBACK")).reasonCodes();
  }

  /** PUBLISH; for QoS 1 and 2 waits for PUBACK, or PUBREC then PUBCOMP. Returns the reason code, null for QoS 0. */
  Integer publish(String topic, byte[] payload, int qos, boolean retain) {
    checkConnected();
    if (qos == 0) {
      client.send(new Publish(topic, 0, retain, false, 0, MqttProperties.NONE, Unpooled.wrappedBuffer(payload)));
      return null;
    }
    int packetId = nextPacketId();
    CompletableFuture<MqttPacket> ack = expect(packetId);
    client.send(new Publish(topic, qos, retain, false, packetId, MqttProperties.NONE,
        Unpooled.wrappedBuffer(payload)));
    if (qos == 1) {
      return ((PubAck) await(ack, packetId, "PUBACK")).reasonCode();
    }
    PubRec rec = (PubRec) await(ack, packetId, "PUBREC");
    if (ReasonCode.isError(rec.reasonCode())) {
      return rec.reasonCode(); // refused: no PUBREL follows [MQTT-4.3.3]
    }
    CompletableFuture<MqttPacket> comp = expect(packetId);
    client.send(new PubRel(packetId));
    return ((PubComp) await(comp, packetId, "PUBCOMP")).reasonCode();
  }

  boolean isV5() {
    return client.version().isV5();
  }

  /** DISCONNECT, close, end the event streams. */
  void close() {
    closing = true;
    client.disconnect();
    client.close();
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.close();
  }

  private void checkConnected() {
    if (!"connected".equals(state)) {
      throw new ApiException(409, "NOT_CONNECTED", "connection " + id + " is disconnected (" + reason
          + "): delete it and connect again");
    }
  }

  private synchronized int nextPacketId() {
    checkConnected();
    do {
      lastPacketId = lastPacketId % 65535 + 1;
    } while (pending.containsKey(lastPacketId));
    return lastPacketId;
  }

  private CompletableFuture<MqttPacket> expect(int packetId) {
    CompletableFuture<MqttPacket> f = new CompletableFuture<>();
    pending.put(packetId, f);
    return f;
  }

  private MqttPacket await(CompletableFuture<MqttPacket> f, int packetId, String what) {
    try {
      return f.get(MqttClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.remove(packetId, f);
      throw new ApiException(504, "TIMEOUT", "no " + what + " from the broker within "
          + MqttClient.TIMEOUT_MILLIS / 1000 + " s");
    } catch (ExecutionException e) {
      throw new ApiException(409, "NOT_CONNECTED", "connection " + id + " ended while waiting for " + what + " ("
          + reason + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "INTERRUPTED", "the broker is stopping");
    }
  }

  /** The reader thread: every packet from the broker until the connection ends. */
  private void read() {
    String why;
    try {
      while (true) {
        MqttPacket p = client.next(60_000);
        if (p != null) {
          handle(p);
        }
      }
    } catch (ClientException e) {
      why = closing ? "closed by the Tester (connection deleted)" : ConnectFailure.disconnected(e);
    } catch (InterruptedException e) {
      why = "closed by the Tester";
    }
    reason = why;
    state = "disconnected";
    log.add(seq -> TesterEvent.state(seq, "disconnected", why));
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
    pending.clear();
    if (!closing) {
      client.close(); // free its event loop now; the connection stays listed until deleted
    }
  }

  private void handle(MqttPacket p) {
    if (p instanceof Publish m) {
      byte[] payload = ByteBufUtil.getBytes(m.payload());
      m.payload().release();
      boolean isNew = m.qos() < 2 || awaitingRel.add(m.packetId()); // a QoS 2 re-send is acknowledged only
      if (m.qos() == 1) {
        client.send(new PubAck(m.packetId()));
      } else if (m.qos() == 2) {
        client.send(new PubRec(m.packetId()));
      }
      if (isNew) {
        log.add(seq -> TesterEvent.message(seq, m.topic(), m.qos(), m.retain(), payload));
      }
    } else if (p instanceof PubRel r) {
      awaitingRel.remove(r.packetId());
      client.send(new PubComp(r.packetId()));
    } else {
      int packetId = packetId(p);
      CompletableFuture<MqttPacket> f = packetId < 0 ? null : pending.remove(packetId);
      if (f != null) {
        f.complete(p);
      }
    }
  }

  private static int packetId(MqttPacket p) {
    if (p instanceof PubAck a) {
      return a.packetId();
    }
    if (p instanceof PubRec r) {
      return r.packetId();
    }
    if (p instanceof PubComp c) {
      return c.packetId();
    }
    if (p instanceof Suback s) {
      return s.packetId();
    }
    return p instanceof Unsuback u ? u.packetId() : -1;
  }
}
