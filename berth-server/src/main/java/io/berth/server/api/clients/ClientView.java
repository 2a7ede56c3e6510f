package io.berth.server.api.clients;

import io.berth.codec.MqttVersion;
import io.berth.core.admin.ClientSnapshot;
import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.time.Instant;

/** A client as {@code /api/v5/clients} shows it (EMQX's field names). */
record ClientView(String clientid, String username, String listener, String peerhost, Integer port,
    boolean connected, String connectedAt, String protoVer, String protoName, int keepalive, boolean cleanStart,
    long expiryInterval, int subscriptionsCnt, int inflightCnt, int mqueueLen, long mqueueDropped) {

  static ClientView of(ClientSnapshot s) {
    String remote = s.remoteAddress();
    InetAddress host = remote == null ? null : Cidr.hostOf(remote);
    MqttVersion v = s.version();
    return new ClientView(s.clientId(), s.username(), s.listenerId(),
        host != null ? host.getHostAddress() : remote, port(remote), s.connected(),
        s.connectedAtMillis() == 0 ? null : Instant.ofEpochMilli(s.connectedAtMillis()).toString(),
        v == null ? null : version(v), v == null ? null : v.protocolName(), s.keepAliveSeconds(), s.cleanStart(),
        s.expiryIntervalSeconds(), s.subscriptions().size(), s.inflightCount(), s.queueLength(), s.queueDropped());
  }

  /** EMQX's proto_ver words: "3.1", "3.1.1", "5". */
  private static String version(MqttVersion v) {
    return switch (v) {
      case V3_1 -> "3.1";
      case V3_1_1 -> "3.1.1";
      case V5 -> "5";
    };
  }

  /** The port of "ip:port" or "[v6]:port"; null for anything else (a Unix socket). */
  private static Integer port(String remote) {
    if (remote == null) {
      return null;
    }
    int colon = remote.lastIndexOf(':');
    boolean v6 = remote.startsWith("[");
    if (colon < 0 || (v6 && remote.charAt(colon - 1) != ']') || (!v6 && remote.indexOf(':') != colon)) {
      return null;
    }
    try {
      return Integer.parseInt(remote.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
