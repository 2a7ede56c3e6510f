package io.berth.server.config;

import io.berth.core.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a ws/wss listener's {@code websocket} block. */
final class WebSocketOptionsReader {
  private WebSocketOptionsReader() {}

  /** @param maxPacketSize the listener's mqtt.max_packet_size: what max_frame_size = infinity means */
  static WebSocketOptions read(Fields f, int maxPacketSize) throws ConfigException {
    String path = f.string("websocket.mqtt_path").strip();
    if (!path.startsWith("/") || path.contains("?") || path.contains("#") || !path.matches("\\S+")) {
      throw f.problem("websocket.mqtt_path", "expected a path such as \"/mqtt\" (starting with /, no query)");
    }
    int maxFrame = MqttSettingsReader.isWord(f, "websocket.max_frame_size", "infinity")
        ? maxPacketSize
        : (int) f.bytes("websocket.max_frame_size", 2, Integer.MAX_VALUE);
    List<Cidr> trusted = new ArrayList<>();
    for (String s : f.stringList("websocket.proxy_trusted_cidrs")) {
      try {
        trusted.add(Cidr.parse(s));
      } catch (IllegalArgumentException e) {
        throw f.problem("websocket.proxy_trusted_cidrs", "'" + s + "': " + e.getMessage());
      }
    }
    return new WebSocketOptions(path, maxFrame, f.bool("websocket.check_origin_enable"),
        f.stringList("websocket.allowed_origins"),
        f.string("websocket.proxy_address_header").strip().toLowerCase(Locale.ROOT), trusted);
  }
}
