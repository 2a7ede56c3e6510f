package io.berth.server.connection;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What a transport head learns about the client before its first MQTT packet, left on the Netty channel for {@link
 * MqttConnection} to hand to the core in a {@code ConnectionInfo}.
 */
public final class PeerAttributes {
  /**
   * The client's address when the socket's peer is not the client: as a trusted proxy reported it (X-Forwarded-For,
   * PROXY protocol header), "ip" or "ip:port"; or as the transport describes it ("unix:/run/berth/mqtt.sock").
   */
  public static final AttributeKey<String> FORWARDED_FOR = AttributeKey.valueOf("berth.peer.forwardedFor");
  /**
   * What a verified client certificate says: the names the listener's peer_cert_as_* settings map, and its subject
   * for authentication (cert, cert_and_password) and ACL templates. Absent without a verified certificate.
   */
  public static final AttributeKey<CertNames> CERT_NAMES = AttributeKey.valueOf("berth.peer.certNames");

  private PeerAttributes() {}

  /**
   * The attribute's value, or null; unlike {@code channel.attr(key).get()} it adds no empty attribute to a channel
   * that has none (an idle connection keeps every byte it can).
   */
  public static <T> T get(Channel channel, AttributeKey<T> key) {
    return channel.hasAttr(key) ? channel.attr(key).get() : null;
  }

  /**
   * @param username replaces the CONNECT's user name when not null (peer_cert_as_username)
   * @param clientId likewise its client id (peer_cert_as_clientid)
   * @param commonName the subject's CN, null when it has none
   * @param subject the subject DN, RFC 4514 ("CN=dev-1,O=Acme"); null only in {@link #NONE}
   */
  public record CertNames(String username, String clientId, String commonName, String subject) {
    /** No verified client certificate. */
    public static final CertNames NONE = new CertNames(null, null, null, null);
  }
}
