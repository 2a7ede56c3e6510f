package io.berth.it;

import io.berth.core.MqttSettings;
import io.berth.server.BrokerServer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process broker for a whole test class, started before its first test and closed after its last:
 * {@code @RegisterExtension static final BrokerExtension broker = new BrokerExtension();}. Tests that start further
 * brokers inside a test use {@link RunningBroker} directly.
 */
public final class BrokerExtension implements Broker, BeforeAllCallback, AfterAllCallback {
  private final Supplier<RunningBroker> starter;
  private RunningBroker running;

  /** A broker with the default settings. */
  public BrokerExtension() {
    this(MqttSettings::defaults);
  }

  /** A broker with these settings, made when the class starts. */
  public BrokerExtension(Supplier<MqttSettings> settings) {
    this.starter = () -> RunningBroker.start(settings.get());
  }

  /** A broker with settings changed from the defaults: {@code new BrokerExtension(s -> s.maxPacketSize = 4096)}. */
  public static BrokerExtension with(java.util.function.Consumer<Settings> change) {
    return new BrokerExtension(() -> {
      Settings s = Settings.defaults();
      change.accept(s);
      return s.build();
    });
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = starter.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  @Override
  public BrokerServer server() {
    if (running == null) {
      throw new IllegalStateException("the broker runs only while its test class does");
    }
    return running.server();
  }
}
