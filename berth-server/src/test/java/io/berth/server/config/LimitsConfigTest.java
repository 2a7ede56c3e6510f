package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.berth.core.RateLimits;
import org.junit.jupiter.api.Test;

/** mqtt.messages_rate, mqtt.bytes_rate, mqtt.rate_limit_action and overload_protection. */
class LimitsConfigTest extends ConfigFiles {

  @Test
  void ratesAreUnlimitedByDefault() throws Exception {
    assertThat(load("").mqtt().rateLimits()).isEqualTo(RateLimits.NONE);
    assertThat(load("").overload()).isEqualTo(OverloadConfig.defaults());
  }

  @Test
  void ratesAreReadPerSecond() throws Exception {
    RateLimits r = load("""
        mqtt { messages_rate = "6000/1m", bytes_rate = "1MB/s", rate_limit_action = disconnect }
        """).mqtt().rateLimits();
    assertThat(r.messagesPerSecond()).isCloseTo(100, within(1e-9));
    assertThat(r.bytesPerSecond()).isCloseTo(1_048_576, within(1e-9));
    assertThat(r.disconnect()).isTrue();
    assertThat(load("mqtt.bytes_rate = \"256KB/10s\"").mqtt().rateLimits().bytesPerSecond())
        .isCloseTo(26_214.4, within(1e-6));
    assertThat(load("mqtt.messages_rate = \"500/s\"").mqtt().rateLimits().messagesPerSecond()).isEqualTo(500);
  }

  @Test
  void aListenerMayHaveItsOwnRates() throws Exception {
    BrokerConfig c = load("listeners.tcp.default.mqtt.messages_rate = \"10/s\"");
    assertThat(listener(c, "tcp:default").mqtt().rateLimits().messagesPerSecond()).isEqualTo(10);
    assertThat(c.mqtt().rateLimits().messagesPerSecond()).isZero();
  }

  @Test
  void badRatesAndWatermarksAreNamed() throws Exception {
    fails("mqtt.messages_rate = 100").hasMessage(where(1)
        + "mqtt.messages_rate = 100: expected infinity or an amount per period, e.g. \"500/s\" or \"6000/1m\"");
    fails("mqtt.bytes_rate = \"lots/s\"").hasMessageContaining("e.g. \"1MB/s\" or \"256KB/10s\"");
    fails("mqtt.messages_rate = \"0/s\"").hasMessageContaining("expected infinity or an amount per period");
    fails("mqtt.rate_limit_action = drop").hasMessageContaining("expected pause or disconnect");
    fails("overload_protection.low_watermark = 0.9").hasMessage(where(1)
        + "overload_protection.low_watermark = 0.9: expected a share below high_watermark (0.85), e.g. 0.75");
    fails("overload_protection.high_watermark = 1.5").hasMessageContaining("expected a share of memory 0.1..0.99");
  }
}
