package io.berth.core.channel;

import static io.berth.codec.MqttVersion.V3_1_1;
import static io.berth.codec.MqttVersion.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Disconnect;
import io.berth.core.RateLimits;
import io.berth.core.harness.BrokerTestBase;
import io.berth.core.harness.Settings;
import io.berth.core.harness.TestClient;
import org.junit.jupiter.api.Test;

/** mqtt.messages_rate / bytes_rate and overload protection: a fast publisher is slowed or disconnected. */
class PublishLimitsTest extends BrokerTestBase {

  private TestClient publisherWith(RateLimits limits, io.berth.codec.MqttVersion v) {
    Settings s = Settings.defaults();
    s.rateLimits = limits;
    reconfigure(s);
    TestClient c = broker.client();
    c.connectOk(v, "fast", true);
    return c;
  }

  @Test
  void aClientOverItsMessageRateHasItsReadsPausedForItsExcess() {
    TestClient c = publisherWith(new RateLimits(10, 0, false), V5);
    for (int i = 0; i < 10; i++) { // the burst: one second's worth
      c.publish("t", 0, "m" + i);
    }
    assertThat(c.out.isReading()).isTrue();
    c.publish("t", 0, "over");
    assertThat(c.out.isReading()).isFalse();
    broker.advance(99); // one message over at 10/s: 100 ms of debt
    assertThat(c.out.isReading()).isFalse();
    broker.advance(1);
    assertThat(c.out.isReading()).isTrue();
    assertThat(broker.core.counters().rateLimitedCount()).isEqualTo(1);
    assertThat(c.isClosed()).isFalse();
  }

  @Test
  void packetsReadBeforeThePauseWaitForItsEnd() {
    // one read from the socket may hold many PUBLISH packets: pausing reads alone would let them all through
    TestClient c = publisherWith(new RateLimits(10, 0, false), V5);
    for (int i = 0; i < 11; i++) {
      c.publish("t", 0, "m" + i);
    }
    assertThat(c.out.isReading()).isFalse();
    int id = c.publish("t", 1, "held");
    c.expectNothing(); // no PUBACK while the client is paused
    broker.advance(100); // the first pause ends; the held PUBLISH is handled, and is over the rate again
    assertThat(c.expect(io.berth.codec.packet.PubAck.class).packetId()).isEqualTo(id);
    assertThat(c.out.isReading()).isFalse();
    broker.advance(100);
    assertThat(c.out.isReading()).isTrue();
  }

  @Test
  void aClientOverItsByteRateIsSlowedToo() {
    TestClient c = publisherWith(new RateLimits(0, 100, false), V5);
    c.publish("t", 1, "x".repeat(100));
    assertThat(c.out.isReading()).isTrue();
    c.publish("t", 1, "x".repeat(50)); // 50 bytes over at 100 B/s: 500 ms
    assertThat(c.out.isReading()).isFalse();
    broker.advance(500);
    assertThat(c.out.isReading()).isTrue();
  }

  @Test
  void disconnectActionTellsMqtt5ClientsWhy() {
    TestClient c = publisherWith(new RateLimits(1, 0, true), V5);
    c.publish("t", 0, "a");
    c.publish("t", 0, "b");
    assertThat(c.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.MESSAGE_RATE_TOO_HIGH);
    assertThat(c.isClosed()).isTrue();
    TestClient bytes = broker.client();
    bytes.connectOk(V5, "bulky", true);
    // the settings are the broker's, so rate 1 message/s: a second client has its own bucket
    bytes.publish("t", 0, "a");
    assertThat(bytes.isClosed()).isFalse();
  }

  @Test
  void disconnectActionClosesMqtt311Clients() {
    TestClient c = publisherWith(new RateLimits(0, 10, true), V3_1_1);
    c.publish("t", 0, "0123456789");
    c.publish("t", 0, "more");
    c.expectNothing();
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void overloadRefusesNewClientsAndSlowsPublishers() {
    TestClient c = broker.client();
    c.connectOk(V5, "before", true);
    broker.core.overload().set(true);
    Connack refused = broker.client().connect(V5, "during", true);
    assertThat(refused.reasonCode()).isEqualTo(ReasonCode.SERVER_BUSY);
    assertThat(broker.client().connect(V3_1_1, "during3", true).reasonCode())
        .isEqualTo(ReasonCode.V3_SERVER_UNAVAILABLE);
    c.publish("t", 0, "x");
    assertThat(c.out.isReading()).isFalse();
    broker.advance(PublishLimiter.OVERLOAD_PAUSE_MILLIS * 5);
    assertThat(c.out.isReading()).as("paused as long as the broker is overloaded").isFalse();
    broker.core.overload().set(false);
    broker.advance(PublishLimiter.OVERLOAD_PAUSE_MILLIS);
    assertThat(c.out.isReading()).isTrue();
    c.publish("t", 0, "y");
    assertThat(c.out.isReading()).isTrue();
    broker.client().connectOk(V5, "after", true);
  }
}
