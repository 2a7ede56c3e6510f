package io.berth.server.websocket;

import io.berth.core.net.Cidr;
import io.berth.server.config.WebSocketOptions;
import io.berth.server.connection.PeerAttributes;
import io.berth.server.listener.RefusalLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Checks the HTTP request before Netty's WebSocket handshake: a GET upgrade to exactly {@code mqtt_path} offering the
 * "mqtt" subprotocol (or "mqttv3.1" for MQTT 3.1 clients) [MQTT-6.0.0-3], from an allowed Origin when
 * check_origin_enable is on. Anything else is answered (404, 400, 403) and closed. A trusted proxy's
 * X-Forwarded-For is kept as the client's address. Removes itself once the request has passed.
 */
final class UpgradeCheck extends ChannelInboundHandlerAdapter {
  static final List<String> SUBPROTOCOLS = List.of("mqtt", "mqttv3.1");
  private final WebSocketOptions options;
  private final RefusalLog refusals;

  UpgradeCheck(WebSocketOptions options, RefusalLog refusals) {
    this.options = options;
    this.refusals = refusals;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    String refusal = refusal(req);
    if (refusal != null) {
      HttpResponseStatus status = refusal.startsWith("404") ? HttpResponseStatus.NOT_FOUND
          : refusal.startsWith("403") ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST;
      refusals.refused(RefusalLog.Kind.WEBSOCKET_UPGRADE, ctx.channel().remoteAddress(),
          refusal + (refusal.startsWith("404") ? " (asked for " + abbreviate(req.uri()) + ")" : ""));
      req.release();
      DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.copiedBuffer(refusal.substring(4) + "\n", StandardCharsets.UTF_8));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
          .set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    rememberForwardedAddress(ctx, req);
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(req);
  }

  /** A request target as sent, at most 100 characters and without control characters, for the log. */
  private static String abbreviate(String uri) {
    String clean = uri.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
  }

  /** "STATUS reason" when the request is refused, null when it may upgrade. */
  private String refusal(FullHttpRequest req) {
    if (req.decoderResult().isFailure()) {
      return "400 not an HTTP request";
    }
    String uri = req.uri();
    int q = uri.indexOf('?');
    if (!(q < 0 ? uri : uri.substring(0, q)).equals(options.mqttPath())) {
      return "404 MQTT is served at " + options.mqttPath();
    }
    if (req.method() != HttpMethod.GET || !req.headers().containsValue(HttpHeaderNames.UPGRADE,
        HttpHeaderValues.WEBSOCKET, true)) {
      return "400 expected a WebSocket upgrade (GET with Upgrade: websocket)";
    }
    String offered = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
    boolean mqtt = false;
    for (String p : offered.split(",")) {
      mqtt |= SUBPROTOCOLS.contains(p.strip().toLowerCase(Locale.ROOT));
    }
    if (!mqtt) {
      return "400 the Sec-WebSocket-Protocol header must offer mqtt (or mqttv3.1)";
    }
    if (options.checkOrigin()) {
      String origin = req.headers().get(HttpHeaderNames.ORIGIN);
      if (origin == null || !options.allowedOrigins().contains(origin)) {
        return "403 origin not allowed";
      }
    }
    return null;
  }

  /** X-Forwarded-For from a trusted proxy: the right-most address that is not itself a trusted proxy. */
  private void rememberForwardedAddress(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (options.proxyAddressHeader().isEmpty() || options.proxyTrustedCidrs().isEmpty()
        || !(ctx.channel().remoteAddress() instanceof InetSocketAddress peer) || !trusted(peer.getAddress())) {
      return;
    }
    String header = req.headers().get(options.proxyAddressHeader());
    if (header == null) {
      return;
    }
    String[] hops = header.split(",");
    String client = null;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      client = hop;
      InetAddress a = literal(hop);
      if (a == null || !trusted(a)) {
        break;
      }
    }
    if (client != null && literal(client) != null) {
      ctx.channel().attr(PeerAttributes.FORWARDED_FOR).set(client);
    }
  }

  private boolean trusted(InetAddress a) {
    for (Cidr c : options.proxyTrustedCidrs()) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress literal(String s) {
    try {
      return s.matches("[0-9A-Fa-f:.]+") ? InetAddress.getByName(s) : null; // literals only: never DNS
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
