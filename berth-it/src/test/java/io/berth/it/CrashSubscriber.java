package io.berth.it;

import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A persistent subscriber (Clean Session 0) that survives broker crashes by reconnecting, keeping its client-side
 * QoS 2 state like a real client: a message is delivered when its PUBLISH first arrives, its packet id is then held
 * until PUBREL, and a PUBLISH with a held id is a resend, not a new message (method B of MQTT 4.3.3).
 */
final class CrashSubscriber {
  private final String clientId;
  private final String topic;
  private final int qos;
  private final Map<String, Integer> delivered = new ConcurrentHashMap<>();
  private final Set<Integer> awaitingRel = new HashSet<>(); // client state: survives reconnects
  private volatile long lastDeliveryNanos = System.nanoTime();
  private volatile boolean connected;

  CrashSubscriber(String clientId, String topic, int qos) {
    this.clientId = clientId;
    this.topic = topic;
    this.qos = qos;
  }

  Map<String, Integer> delivered() {
    return delivered;
  }

  /** Connected (and subscribed, the first time) on the current broker. */
  boolean isConnected() {
    return connected;
  }

  long quietMillis() {
    return (System.nanoTime() - lastDeliveryNanos) / 1_000_000;
  }

  /** One connection: reads and acknowledges until the broker goes away or {@code stopWhen} says so. */
  void connectAndRead(int port, boolean subscribe, java.util.function.BooleanSupplier stopWhen) {
    try (RawClient c = RawClient.over(new Socket("127.0.0.1", port))) {
      c.connectOk(MqttVersion.V3_1_1, clientId, false, 60);
      if (subscribe) {
        c.subscribe(1, topic, qos); // the SUBACK of a persistent session comes once it is on disk
      }
      connected = true;
      while (!stopWhen.getAsBoolean()) {
        MqttPacket p = c.read(Duration.ofMillis(100));
        if (p == null && c.isClosedByBroker()) {
          return;
        }
        if (p instanceof Publish pub) {
          onPublish(c, pub);
        } else if (p instanceof PubRel rel) {
          awaitingRel.remove(rel.packetId());
          c.send(new PubComp(rel.packetId()));
        }
      }
    } catch (AssertionError | java.io.IOException brokerGone) {
      // killed: reconnect to the next broker
    } finally {
      connected = false;
    }
  }

  private void onPublish(RawClient c, Publish p) {
    boolean resend = p.qos() == 2 && !awaitingRel.add(p.packetId());
    if (!resend) {
      delivered.merge(Packets.text(p), 1, Integer::sum);
      lastDeliveryNanos = System.nanoTime();
    }
    if (p.qos() == 1) {
      c.send(new PubAck(p.packetId()));
    } else if (p.qos() == 2) {
      c.send(new PubRec(p.packetId()));
    }
  }
}
