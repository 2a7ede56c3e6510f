package io.berth.it;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import java.net.Socket;
import java.util.Set;

/**
 * Publishes numbered messages one at a time until the broker dies, and records each one the broker acknowledged
 * (PUBACK for QoS 1, PUBREC for QoS 2: from then on the broker owns the message).
 */
final class CrashPublisher implements Runnable {
  private final int port;
  private final String topic;
  private final int qos;
  private final String prefix;
  private final Set<String> acknowledged;
  private volatile boolean stop;

  CrashPublisher(int port, String topic, int qos, String prefix, Set<String> acknowledged) {
    this.port = port;
    this.topic = topic;
    this.qos = qos;
    this.prefix = prefix;
    this.acknowledged = acknowledged;
  }

  void stop() {
    stop = true;
  }

  @Override
  public void run() {
    try (RawClient c = RawClient.over(new Socket("127.0.0.1", port))) {
      c.connectOk(MqttVersion.V3_1_1, prefix, true, 60);
      for (int n = 1; !stop; n++) {
        String payload = prefix + "-" + n;
        int id = n % 65535 + 1;
        c.send(new Publish(topic, qos, false, false, id, MqttProperties.NONE, Packets.utf8(payload)));
        if (qos == 1) {
          c.expect(PubAck.class);
          acknowledged.add(payload);
        } else {
          c.expect(PubRec.class);
          acknowledged.add(payload);
          c.send(new PubRel(id));
          c.expect(PubComp.class);
        }
      }
    } catch (AssertionError | java.io.IOException brokerGone) {
      // killed: what was acknowledged is recorded
    }
  }
}
