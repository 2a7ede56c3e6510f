package io.berth.codec.packet;

import io.berth.codec.MqttProperties;
import java.util.Arrays;

/** The Will Message of a CONNECT (3.1.2.5, 3.1.3.2). The payload is small and kept as a byte array. */
public record Will(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties) {

  public Will {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  public int payloadLength() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Will w
        && topic.equals(w.topic)
        && Arrays.equals(payload, w.payload)
        && qos == w.qos
        && retain == w.retain
        && properties.equals(w.properties);
  }

  @Override
  public int hashCode() {
    return 31 * topic.hashCode() + Arrays.hashCode(payload) + qos;
  }

  @Override
  public String toString() {
    return "Will[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + ", retain=" + retain + "]";
  }
}
