package io.berth.core.channel;

import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.MqttPacket;
import java.util.function.IntFunction;

/**
 * Acknowledgements that must wait until what their packet wrote is durable (a retained message, a message held by a
 * persistent session, a persistent session's subscriptions): a PUBACK/PUBREC/SUBACK is a promise that a crash must
 * not break. While one waits, the acks after it wait
 * too, behind the same FIFO barrier, so they still go out in the order the PUBLISH packets came [MQTT-4.6.0-2]
 * [MQTT-4.6.0-3]. Nothing waits when the broker keeps no disk (durability.sync = none).
 */
final class DurableAcks {
  private final Channel ch;
  private int waiting;

  DurableAcks(Channel ch) {
    this.ch = ch;
  }

  /**
   * Sends {@code ack.apply(reason)} now, or once the disk has the message's writes.
   *
   * @param wroteToDisk whether handling the PUBLISH queued a durable write
   * @param undo what to take back when the write failed (the QoS 2 packet id awaiting PUBREL), or null
   */
  void send(boolean wroteToDisk, int reason, IntFunction<MqttPacket> ack, Runnable undo) {
    boolean mustWait = wroteToDisk && ch.broker.persistence().isDurable();
    if (waiting == 0 && !mustWait) {
      ch.out.send(ack.apply(reason));
      return;
    }
    waiting++;
    ch.broker.persistence().afterDurable(ch.loop, written -> {
      waiting--;
      if (ch.state == Channel.State.CLOSED) {
        return; // the client resends on reconnect what was not acknowledged [MQTT-4.4.0-1]
      }
      if (written || !mustWait) {
        ch.out.send(ack.apply(reason));
        return;
      }
      if (undo != null) {
        undo.run();
      }
      if (ch.version == MqttVersion.V5) { // disk full or failing: refused, and the client may try later
        ch.out.send(ack.apply(ReasonCode.QUOTA_EXCEEDED));
      } else { // 3.1.1 acknowledgements carry no reason: close, the client resends after reconnecting
        ch.closeConnection();
      }
    });
  }
}
