package io.berth.server.api.tester;

import io.berth.server.api.ApiException;
import io.berth.server.client.ClientException;
import io.berth.server.client.MqttClient;

/** A client failure as the admin reads it: one sentence, for a 502 CONNECT_FAILED or a state event's reason. */
final class ConnectFailure {
  private ConnectFailure() {}

  /** "connection refused: nothing listens on 127.0.0.1:1884", "CONNACK 0x86 Bad user name or password", ... */
  static String sentence(ClientException e, String where) {
    return switch (e.kind()) {
      case REFUSED -> "connection refused: nothing listens on " + where;
      case TLS -> "TLS handshake failed: " + e.detail();
      case WEBSOCKET -> "WebSocket upgrade refused: " + e.detail();
      case TIMEOUT -> "timed out after " + MqttClient.TIMEOUT_MILLIS / 1000 + " s"
          + (e.detail().contains("CONNACK") ? " waiting for CONNACK" : "");
      case CONNACK -> "CONNACK " + e.detail();
      case CLOSED -> "the broker closed the connection" + (e.getMessage().contains("handshake")
          ? " during the handshake" : " before answering CONNECT");
      case DISCONNECTED -> "DISCONNECT " + e.detail();
      case OTHER -> e.detail();
    };
  }

  static ApiException connectFailed(ClientException e, String where) {
    return new ApiException(502, "CONNECT_FAILED", sentence(e, where));
  }

  /** Why an established connection ended, for its state event. */
  static String disconnected(ClientException e) {
    return switch (e.kind()) {
      case CLOSED -> "the broker closed the connection";
      case DISCONNECTED -> "DISCONNECT " + e.detail();
      default -> e.detail();
    };
  }
}
