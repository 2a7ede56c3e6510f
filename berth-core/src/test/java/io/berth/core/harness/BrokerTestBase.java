package io.berth.core.harness;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.core.MqttSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the channel-level tests: a fresh {@link TestBroker} per test, and after each test the reference check
 * (every payload the test created and every retained copy is back to refCnt 0 once all sessions ended).
 */
public abstract class BrokerTestBase {
  protected TestBroker broker;

  @BeforeEach
  void newBroker() {
    broker = new TestBroker();
  }

  @AfterEach
  void checkReferences() {
    broker.closeAndCheckReferences();
  }

  /** Replaces the broker with one using other settings (the old one is checked first). */
  protected TestBroker reconfigure(Settings s) {
    return reconfigure(s.build());
  }

  protected TestBroker reconfigure(MqttSettings s) {
    broker.closeAndCheckReferences();
    broker = new TestBroker(s);
    return broker;
  }

  protected static MqttProperties props(Object... propertyValuePairs) {
    MqttProperties.Builder b = MqttProperties.builder();
    for (int i = 0; i < propertyValuePairs.length; i += 2) {
      b.set((Property) propertyValuePairs[i], propertyValuePairs[i + 1]);
    }
    return b.build();
  }

  /** CONNECT properties of an MQTT 5 client keeping its session for {@code seconds}. */
  protected static MqttProperties expiry(long seconds) {
    return props(Property.SESSION_EXPIRY_INTERVAL, seconds);
  }
}
