package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingReq;
import io.berth.codec.packet.PingResp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keep Alive (MQTT 3.1.2.10) and the CONNECT timeout. */
class KeepAliveTest {
  @RegisterExtension static final BrokerExtension broker = BrokerExtension.with(s -> s.connectTimeoutMillis = 500);
  @RegisterExtension static final BrokerExtension serverKeepAlive = BrokerExtension.with(s -> s.serverKeepAlive = 1);

  /**
   * Time from {@code start} until the broker closes {@code c}. Tests take {@code start} before the CONNECT (or the TCP
   * connect) that starts the broker's timer, so a stall of the test cannot make the broker look early.
   */
  static Duration timeToClose(RawClient c, List<MqttPacket> before, long start) {
    before.addAll(c.expectClosed(Duration.ofSeconds(5)));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void silentClientIsClosedAfterOneAndAHalfKeepAlive311() {
    try (RawClient c = RawClient.open(broker)) {
      long start = System.nanoTime();
      c.connectOk(MqttVersion.V3_1_1, Ids.client("ka"), true, 1);
      List<MqttPacket> before = new java.util.ArrayList<>();
      assertThat(timeToClose(c, before, start)).isBetween(Duration.ofMillis(1300), Duration.ofMillis(3000));
      assertThat(before).isEmpty(); // 3.1.1 has no DISCONNECT from the server
    }
  }

  @Test
  void silentClientIsClosedWithKeepAliveTimeout5() {
    try (RawClient c = RawClient.open(broker)) {
      long start = System.nanoTime();
      c.connectOk(MqttVersion.V5, Ids.client("ka5"), true, 1);
      List<MqttPacket> before = new java.util.ArrayList<>();
      assertThat(timeToClose(c, before, start)).isBetween(Duration.ofMillis(1300), Duration.ofMillis(3000));
      assertThat(before).singleElement().isInstanceOfSatisfying(Disconnect.class,
          d -> assertThat(d.reasonCode()).isEqualTo(0x8D));
    }
  }

  @Test
  void pingsKeepTheConnectionOpen() throws InterruptedException {
    try (RawClient c = RawClient.open(broker)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("ping"), true, 1);
      long end = System.nanoTime() + Duration.ofMillis(3200).toNanos();
      int pongs = 0;
      while (System.nanoTime() < end) { // 3.2 s: more than twice the 1.5 s limit
        c.send(PingReq.INSTANCE);
        c.expect(PingResp.class, Duration.ofSeconds(1)); // [MQTT-3.12.4-1]
        pongs++;
        Thread.sleep(600);
      }
      assertThat(pongs).isGreaterThanOrEqualTo(4);
      assertThat(c.isClosedByBroker()).isFalse();
      c.disconnect();
    }
  }

  @Test
  void connectionWithoutConnectIsClosedAfterTheConnectTimeout() {
    long start = System.nanoTime();
    try (RawClient c = RawClient.open(broker)) {
      List<MqttPacket> before = new java.util.ArrayList<>();
      c.assumeVersion(MqttVersion.V3_1_1);
      assertThat(timeToClose(c, before, start)).isBetween(Duration.ofMillis(300), Duration.ofMillis(2500));
      assertThat(before).isEmpty();
    }
  }

  @Test
  void partialConnectIsClosedAfterTheConnectTimeout() {
    long start = System.nanoTime();
    try (RawClient c = RawClient.open(broker)) {
      c.sendBytes(new byte[] {0x10, 0x20, 0x00, 0x04, 'M'}); // a CONNECT that never completes
      c.assumeVersion(MqttVersion.V3_1_1);
      List<MqttPacket> before = new java.util.ArrayList<>();
      assertThat(timeToClose(c, before, start)).isLessThan(Duration.ofMillis(2500));
      assertThat(before).isEmpty();
    }
  }

  @Test
  void serverKeepAliveOverridesTheClients() {
    try (RawClient c = RawClient.open(serverKeepAlive)) {
      long start = System.nanoTime();
      Connack ack = c.connectOk(MqttVersion.V5, Ids.client("ska"), true, 600);
      assertThat(ack.properties().intValue(Property.SERVER_KEEP_ALIVE, -1)).isEqualTo(1); // [MQTT-3.2.2-21]
      List<MqttPacket> before = new java.util.ArrayList<>();
      assertThat(timeToClose(c, before, start)).isBetween(Duration.ofMillis(1300), Duration.ofMillis(3000));
    }
  }
}
