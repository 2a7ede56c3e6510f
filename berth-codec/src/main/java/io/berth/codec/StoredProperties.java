package io.berth.codec;

import io.netty.buffer.ByteBuf;

/**
 * The MQTT 5 property encoding reused to keep a message's properties on disk (berth-store): the same bytes as in a
 * PUBLISH, so a stored message needs no format of its own for them.
 */
public final class StoredProperties {
  private StoredProperties() {}

  /** Writes the properties with their length prefix. */
  public static void write(ByteBuf out, MqttProperties props) {
    PropertiesCodec.write(out, props);
  }

  /** Reads what {@link #write} wrote: the properties a PUBLISH may carry. */
  public static MqttProperties read(ByteBuf in) {
    return PropertiesCodec.read(in, PacketType.PUBLISH, PacketType.PUBLISH);
  }
}
