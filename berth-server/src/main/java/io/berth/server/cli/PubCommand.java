package io.berth.server.cli;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.server.client.ClientException;
import io.berth.server.client.MqttClient;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth pub}: publishes one message and completes its QoS flow before disconnecting. */
@Command(name = "pub", description = "Publish one message (like mosquitto_pub).")
final class PubCommand implements Callable<Integer> {
  /** One message per connection: the identifier never needs to change. */
  private static final int PACKET_ID = 1;

  @Mixin ConnectOptions connection;

  @Option(names = "-t", paramLabel = "TOPIC", required = true, description = "Topic to publish to.")
  String topic;

  @Option(names = "-m", paramLabel = "MESSAGE", required = true, description = "Message payload (UTF-8).")
  String message;

  @Option(names = "-q", paramLabel = "QOS", defaultValue = "0", converter = ConnectOptions.QosConverter.class,
      description = "Quality of service 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "-r", description = "Retain the message.")
  boolean retain;

  @Option(names = "--help", usageHelp = true, description = "Show this help.")
  boolean help;

  @Override
  public Integer call() throws CliError, ClientException, InterruptedException {
    try (MqttClient client =
        MqttClient.connect(connection.transport(), connection.toConnect("pub"))) {
      client.send(new Publish(topic, qos, retain, false, qos == 0 ? 0 : PACKET_ID, MqttProperties.NONE,
          Unpooled.wrappedBuffer(message.getBytes(StandardCharsets.UTF_8))));
      if (qos == 1) {
        check(expect(client, PubAck.class, "PUBACK").reasonCode());
      } else if (qos == 2) {
        check(expect(client, PubRec.class, "PUBREC").reasonCode());
        client.send(new PubRel(PACKET_ID));
        check(expect(client, PubComp.class, "PUBCOMP").reasonCode());
      }
      client.disconnect();
    }
    return 0;
  }

  /** The acknowledgement for our message; anything else the broker sends meanwhile is not ours to handle. */
  private static <T extends MqttPacket> T expect(MqttClient client, Class<T> type, String name)
      throws CliError, ClientException, InterruptedException {
    long deadline = System.currentTimeMillis() + MqttClient.TIMEOUT_MILLIS;
    while (true) {
      MqttPacket p = client.next(Math.max(0, deadline - System.currentTimeMillis()));
      if (p == null) {
        throw CliError.failure("timed out after " + MqttClient.TIMEOUT_MILLIS / 1000 + " s waiting for " + name);
      }
      if (type.isInstance(p) && packetId(p) == PACKET_ID) {
        return type.cast(p);
      }
      if (p instanceof Publish unexpected) {
        unexpected.payload().release();
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
    return p instanceof PubComp c ? c.packetId() : -1;
  }

  /** MQTT 5 acknowledgements carry a reason; 0x80 and above mean the broker did not take the message. */
  private void check(int reasonCode) throws CliError {
    if (connection.version == MqttVersion.V5 && ReasonCode.isError(reasonCode)) {
      throw CliError.failure("publish refused by broker: " + ReasonCode.describe(reasonCode));
    }
  }
}
