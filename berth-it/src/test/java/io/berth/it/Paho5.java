package io.berth.it;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 client that queues what it receives and how it was disconnected. (Paho 1.2.5's
 * {@code subscribe(String, int, listener)} recurses forever, so messages come through the callback.)
 */
public final class Paho5 implements MqttCallback, AutoCloseable {
  public record Received(String topic, MqttMessage message) {
    public String text() {
      return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  public final MqttAsyncClient client;
  public final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
  public final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();
  public volatile IMqttToken connectToken;

  public Paho5(Broker broker, String clientId) {
    this(broker.uri(), clientId);
  }

  /** A client for another transport: "ssl://localhost:PORT", "ws://127.0.0.1:PORT/mqtt". */
  public Paho5(String uri, String clientId) {
    try {
      client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException(e);
    }
    client.setCallback(this);
  }

  public Paho5 connect(MqttConnectionOptions options) throws MqttException {
    IMqttToken t = client.connect(options);
    t.waitForCompletion(5000);
    connectToken = t;
    return this;
  }

  public Paho5 connect() throws MqttException {
    return connect(new MqttConnectionOptions());
  }

  public IMqttToken subscribe(String filter, int qos) throws MqttException {
    return subscribe(new MqttSubscription(filter, qos));
  }

  public IMqttToken subscribe(MqttSubscription... subs) throws MqttException {
    IMqttToken t = client.subscribe(subs);
    t.waitForCompletion(5000);

    return t;
  }

  public IMqttToken subscribe(MqttProperties props, MqttSubscription... subs) throws MqttException {
    IMqttToken t = client.subscribe(subs, null, null, props);
    t.waitForCompletion(5000);
    return t;
  }

  public void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
    client.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), qos, retain)
        .waitForCompletion(5000);
  }

  public void publish(String topic, MqttMessage message) throws MqttException {
    client.publish(topic, message).waitForCompletion(5000);
  }

  public void disconnect() throws MqttException {
    client.disconnect().waitForCompletion(5000);
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    disconnects.add(response);
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {}

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    messages.add(new Received(topic, message));
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  /** Disconnects if connected, then frees the client. */
  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5000);
      }
    } catch (MqttException ignored) {
      // already gone
    }
    try {
      client.close();
    } catch (MqttException ignored) {
      // already closed
    }
  }
}
