package io.berth.server.api.tester;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connect;
import io.berth.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The body of {@code POST /api/v5/tester/connections}: where to connect and the CONNECT to send. {@link #checked()}
 * fills the defaults and refuses bad values with a 400 naming the field.
 */
record ConnectRequest(String name, String host, Integer port, String transport, String path, String clientid,
    String username, String password, String protoVer, Integer keepalive, Boolean cleanStart, SslRequest ssl) {

  static final List<String> TRANSPORTS = List.of("tcp", "ssl", "ws", "wss", "quic");

  /** The request with its defaults, checked. */
  ConnectRequest checked() {
    if (host == null || host.isBlank()) {
      throw ApiException.badRequest("field 'host' is required (a host name or address)");
    }
    if (port == null || port < 1 || port > 65535) {
      throw ApiException.badRequest("field 'port' is required: expected 1..65535" + (port == null ? "" : ", not "
          + port));
    }
    String t = transport == null ? "" : transport.toLowerCase(Locale.ROOT);
    if (!TRANSPORTS.contains(t)) {
      throw ApiException.badRequest("field 'transport': expected one of " + String.join(", ", TRANSPORTS)
          + (transport == null ? "" : ", not '" + transport + "'"));
    }
    boolean websocket = t.equals("ws") || t.equals("wss");
    if (path != null && (!websocket || !path.startsWith("/"))) {
      throw ApiException.badRequest("field 'path': " + (websocket ? "expected a path starting with '/'"
          : "only for the ws and wss transports"));
    }
    if (ssl != null && !secure(t)) {
      throw ApiException.badRequest("field 'ssl': only for the ssl, wss and quic transports");
    }
    int keepAlive = keepalive == null ? 60 : keepalive;
    if (keepAlive < 0 || keepAlive > 65535) {
      throw ApiException.badRequest("field 'keepalive': expected 0..65535 seconds, not " + keepAlive);
    }
    version(); // checks proto_ver
    String id = clientid != null ? clientid
        : "berth-tester-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    return new ConnectRequest(name == null || name.isBlank() ? id : name, host.strip(), port, t,
        websocket && path == null ? "/mqtt" : path, id, username, password, protoVer, keepAlive,
        cleanStart == null || cleanStart, ssl);
  }

  static boolean secure(String transport) {
    return transport.equals("ssl") || transport.equals("wss") || transport.equals("quic");
  }

  MqttVersion version() {
    String v = protoVer == null ? "5" : protoVer.strip();
    return switch (v) {
      case "3.1" -> MqttVersion.V3_1;
      case "3.1.1" -> MqttVersion.V3_1_1;
      case "5", "5.0" -> MqttVersion.V5;
      default -> throw ApiException.badRequest("field 'proto_ver': expected \"3.1\", \"3.1.1\" or \"5\", not '" + v
          + "'");
    };
  }

  /** The CONNECT of a checked request. */
  Connect toConnect() {
    byte[] pass = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    return new Connect(version(), clientid, cleanStart, keepalive, username, pass, null, MqttProperties.NONE);
  }
}
