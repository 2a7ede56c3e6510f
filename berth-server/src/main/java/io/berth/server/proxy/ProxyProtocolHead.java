package io.berth.server.proxy;

import io.berth.server.config.ProxyProtocolOptions;
import io.berth.server.listener.ConnectionGate;
import io.berth.server.listener.RefusalLog;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

/**
 * The PROXY protocol layer (HAProxy's "PROXY protocol" v1 and v2) of a tcp, ssl, ws or wss listener with
 * {@code proxy_protocol = true}: before TLS and WebSocket, so that the header a proxy such as HAProxy or an AWS NLB
 * sends ahead of the client's bytes is read first. Strict: a connection from an untrusted address, one whose first
 * bytes are not a PROXY header, a malformed header, or one not complete within the timeout is closed.
 */
public final class ProxyProtocolHead {
  /** v2 TLVs (SSL info, unique ids, AWS VPC endpoint ids...) are skipped: a header is at most this many bytes. */
  private static final int MAX_TLV_BYTES = 2048;

  private ProxyProtocolHead() {}

  /** @param gate checks the client's address the header reports (access rules, bans) */
  public static void addTo(ChannelPipeline p, ProxyProtocolOptions options, RefusalLog refusals,
      ConnectionGate gate) {
    ProxyHeaderCheck check = new ProxyHeaderCheck(options, refusals);
    p.addLast("proxy-check", check)
        .addLast("proxy-decoder", new HAProxyMessageDecoder(MAX_TLV_BYTES, true))
        .addLast("proxy-header", new ProxyHeaderReader(check, refusals, gate));
  }
}
