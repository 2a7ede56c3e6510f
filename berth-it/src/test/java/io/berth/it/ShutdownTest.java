package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: BrokerServer.close() tells MQTT 5 clients 0x8B and closes every connection. */
class ShutdownTest {

  @Test
  void closeSendsServerShuttingDownAndClosesConnections() throws Exception {
    RunningBroker broker = RunningBroker.start();
    int port = broker.port();
    try (RawClient v5 = RawClient.open(broker); RawClient v3 = RawClient.open(broker);
        RawClient waiting = RawClient.open(broker); Paho5 paho = new Paho5(broker, Ids.client("paho")).connect()) {
      v5.connectOk(MqttVersion.V5, Ids.client("v5"), true, 60);
      v3.connectOk(MqttVersion.V3_1_1, Ids.client("v3"), true, 60);
      waiting.assumeVersion(MqttVersion.V5); // connected at TCP level only, no CONNECT yet
      long start = System.nanoTime();
      broker.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      List<MqttPacket> last = v5.expectClosed(RawClient.WAIT);
      assertThat(last).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x8B));
      assertThat(v3.expectClosed(RawClient.WAIT)).isEmpty(); // 3.1.1 has no server DISCONNECT
      assertThat(waiting.expectClosed(RawClient.WAIT)).isEmpty();
      var d = paho.disconnects.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.getReturnCode()).isEqualTo(0x8B);
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("no longer listening")
        .isInstanceOf(IOException.class);
  }
}
