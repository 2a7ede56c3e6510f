package io.berth.it;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.PacketType;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Packets and bytes for the raw clients: CONNECT packets, wire bytes, UTF-8 payloads, and their names. */
public final class Packets {
  /** Test-side buffers are not the broker's: keep them out of the leak detector. */
  static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);

  private Packets() {}

  public static Connect connectPacket(MqttVersion v, String clientId, boolean clean, int keepAlive, Will will,
      MqttProperties props) {
    return new Connect(v, clientId, clean, keepAlive, null, null, will, props);
  }

  /** The bytes of a packet as this client would send it. */
  public static byte[] bytes(MqttPacket packet, MqttVersion v) {
    ByteBuf buf = MqttEncoder.encode(ALLOC, packet, v);
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  public static ByteBuf utf8(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
  }

  public static String text(Publish p) {
    return p.payload().toString(StandardCharsets.UTF_8);
  }

  public static String typeName(MqttPacket p) {
    return PacketType.name(p.type());
  }
}
