package io.berth.server.connection;

import io.berth.codec.MqttDecodeException;
import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.core.BrokerCore;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.berth.core.channel.Channel;
import io.berth.core.channel.ConnectionInfo;
import io.berth.core.security.ListenerSecurity;
import io.berth.core.channel.Outbox;
import io.berth.server.listener.RefusalLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Netty handler between every transport and the MQTT state machine: feeds decoded packets to the {@link
 * Channel}, writes what it sends, flushes once per read batch or event-loop turn, and reports the connection's end.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements Outbox, PacketAssembler.Sink {
  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

  private final ConnectionShared shared;
  private ChannelHandlerContext ctx;
  private Channel channel;
  private boolean inReadBatch;
  private boolean flushPending;
  private boolean flushScheduled;
  private boolean readingWanted = true;
  private Runnable flushTask; // made with the first flush from outside a read batch: an idle client has none
  private PacketRoute route; // null but for QUIC connections with data streams
  private PacketAssembler assembler; // made with the first bytes
  private boolean packetsInBatch; // this read batch completed at least one packet
  // The read deadline, first the CONNECT timeout, then Keep Alive: checked by this loop's sweep (ReadDeadlines),
  // which holds this connection in its slot while a timeout is set.
  private long readTimeoutNanos; // 0: off
  private long lastReadNanos;
  private boolean readSinceCheck;
  private ReadDeadlines.Sweep sweep; // the sweep watching this connection, or null
  int deadlineSlot = -1; // this connection's index in the sweep (kept by the sweep)

  /**
   * @param security who may connect through this listener and what they may do
   * @param refusals where connections that are not MQTT or whose CONNECT is refused are logged (rate-limited), or
   *     null
   * @param publishCaches where QoS 0 PUBLISH packets are encoded once per event loop and shared among the message's
   *     subscribers, or null to encode each for itself
   */
  public MqttConnection(BrokerCore broker, MqttSettings settings, ListenerSecurity security, String listenerId,
      RefusalLog refusals, EncodedPublishCaches publishCaches) {
    this(new ConnectionShared(broker, settings, security, listenerId, refusals, publishCaches, new ReadDeadlines(),
        new NettyLoops()));
  }

  /** A connection of the listener whose connections share {@code shared}. */
  public MqttConnection(ConnectionShared shared) {
    this.shared = shared;
  }

  /** The core state machine of this connection (null until the first MQTT bytes arrive). */
  public Channel channel() {
    return channel;
  }

  /** Lets {@code route} take outgoing packets for other streams (QUIC multi-stream); call on the event loop. */
  public void routeThrough(PacketRoute route) {
    this.route = route;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      startConnectTimeout();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    startConnectTimeout();
    ctx.fireChannelActive();
  }

  /** The CONNECT timeout runs from the moment the connection is there: it bounds TLS and WebSocket handshakes too. */
  private void startConnectTimeout() {
    if (channel == null) {
      setReadTimeout(shared.settings().connectTimeoutMillis());
    }
  }

  /**
   * The state machine is made when the first packet arrives: by then any TLS handshake and WebSocket upgrade is
   * done, so the client's verified certificate and proxied address are known.
   */
  private Channel channel(ChannelHandlerContext ctx) {
    if (channel == null) {
      io.netty.channel.Channel ch = ctx.channel();
      PeerAttributes.CertNames names = PeerAttributes.get(ch, PeerAttributes.CERT_NAMES);
      String forwarded = PeerAttributes.get(ch, PeerAttributes.FORWARDED_FOR);
      SocketAddress remote = ch.remoteAddress();
      String listenerId = shared.listenerId();
      PeerAttributes.CertNames n = names != null ? names : PeerAttributes.CertNames.NONE;
      ConnectionInfo info = forwarded == null && remote instanceof InetSocketAddress i && i.getAddress() != null
          ? new ConnectionInfo(listenerId, i, n.username(), n.clientId(), n.commonName(), n.subject())
          : new ConnectionInfo(listenerId, forwarded != null ? forwarded : String.valueOf(remote), n.username(),
              n.clientId(), n.commonName(), n.subject());
      channel = new Channel(shared.broker(), shared.settings(), shared.security(), shared.loops().of(ctx.executor()),
          this, info);
    }
    return channel;
  }

  private static String address(SocketAddress a) {
    if (a instanceof InetSocketAddress i && i.getAddress() != null) {
      String host = i.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
    }
    return String.valueOf(a);
  }

  /**
   * The MQTT bytes, after any TLS or WebSocket framing: made into packets by this connection's {@link
   * PacketAssembler}, each handled as it is complete.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inReadBatch = true;
    if (!(msg instanceof ByteBuf in)) {
      readSinceCheck = true;
      ReferenceCountUtil.release(msg); // nothing else is MQTT: never keep it
      return;
    }
    shared.broker().counters().bytesReceived(in.readableBytes());
    if (assembler == null) {
      assembler = new PacketAssembler(shared.settings().maxPacketSize());
    }
    assembler.add(ctx.alloc(), in, this);
  }

  /** One whole packet (or a malformed one) for the state machine. */
  @Override
  public void packetRead(Object msg) {
    readSinceCheck = true; // the clock is read once per read batch, in channelReadComplete
    packetsInBatch = true;
    if (channel == null && shared.refusals() != null && !(msg instanceof Connect)) {
      notMqtt(ctx, msg);
    }
    if (msg instanceof MqttPacket packet) {
      channel(ctx).handle(packet);
    } else {
      channel(ctx).handleDecodeError((MqttDecodeException) msg);
    }
  }

  /** The first bytes are not a CONNECT: a TLS ClientHello or an HTTP request on an MQTT port, or garbage. */
  private void notMqtt(ChannelHandlerContext ctx, Object first) {
    String what = first instanceof MqttDecodeException e ? "malformed first packet (" + e.getMessage() + ")"
        : first instanceof MqttPacket p ? "first packet " + p.getClass().getSimpleName() + ", not CONNECT" : null;
    if (what != null) {
      shared.refusals().refused(RefusalLog.Kind.NOT_MQTT, ctx.channel().remoteAddress(),
          what + "; a TLS ClientHello or an HTTP request on an MQTT port?");
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inReadBatch = false;
    if (assembler != null) {
      assembler.discardReadBytes();
    }
    if (!packetsInBatch && !ctx.channel().config().isAutoRead()) {
      ctx.read(); // as ByteToMessageDecoder: reads are paused, but the packet is not whole yet: read the rest
    }
    packetsInBatch = false;
    if (readSinceCheck) {
      readSinceCheck = false;
      lastReadNanos = System.nanoTime();
    }
    flushIfPending();
  }

  /**
   * Called by the sweep: closes the connection (or lets the state machine say why first) once it has been quiet for
   * its whole timeout. A read batch still running counts as a read.
   */
  void checkReadDeadline(long nowNanos) {
    if (readSinceCheck || nowNanos - lastReadNanos < readTimeoutNanos) {
      return;
    }
    unwatch();
    readTimedOut();
  }

  private void readTimedOut() {
    if (channel == null) {
      ctx.close(); // not one MQTT packet within the CONNECT timeout (an unfinished TLS or WebSocket handshake too)
    } else {
      channel.onReadTimeout();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    unwatch(); // no deadline stays behind
    releaseCumulation();
    if (channel != null) {
      channel.onConnectionClosed();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseCumulation();
  }

  /** The bytes of an unfinished packet go with the connection. */
  private void releaseCumulation() {
    if (assembler != null) {
      assembler.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (!(c instanceof IOException)) { // resets, broken pipes and TLS alerts (SSLException) are network life
      log.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  @Override
  public void send(MqttPacket packet) {
    if (!ctx.channel().isActive()) {
      releasePayload(packet);
      return;
    }
    MqttVersion version = channel == null || channel.version() == null ? MqttVersion.V3_1_1 : channel.version();
    if (route != null && route.divert(packet, version)) {
      return;
    }
    ByteBuf buf;
    try {
      buf = MqttEncoder.encode(ctx.alloc(), packet, version);
    } finally {
      releasePayload(packet);
    }
    write(buf);
  }

  @Override
  public boolean sendQos0(Message m, boolean retain, MqttVersion version, long maxPacketSize) {
    EncodedPublishCaches publishCaches = shared.publishCaches();
    if (publishCaches == null || route != null) {
      return Outbox.super.sendQos0(m, retain, version, maxPacketSize);
    }
    if (!ctx.channel().isActive()) {
      return true; // as send(): a packet for a closed connection is dropped
    }
    ByteBuf buf = publishCaches.current().encodedQos0(ctx.alloc(), m, retain, version);
    if (maxPacketSize > 0 && buf.readableBytes() > maxPacketSize) {
      buf.release();
      return false;
    }
    write(buf);
    return true;
  }

  private void write(ByteBuf buf) {
    shared.broker().counters().bytesSent(buf.readableBytes());
    ctx.write(buf, ctx.voidPromise());
    flushPending = true;
    if (!ctx.channel().isWritable()) { // unflushed bytes alone must not make a fast reader look slow
      flushIfPending();
    }
    if (!inReadBatch && !flushScheduled) { // a delivery from elsewhere: flush once at the end of this loop turn
      flushScheduled = true;
      if (flushTask == null) {
        flushTask = this::scheduledFlush;
      }
      ctx.executor().execute(flushTask);
    }
  }

  private void scheduledFlush() {
    flushScheduled = false;
    flushIfPending();
  }

  private void flushIfPending() {
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
  }

  @Override
  public void connectRefused(String clientId, int reasonCode, String why) {
    RefusalLog refusals = shared.refusals();
    if (refusals != null) {
      refusals.refused(RefusalLog.Kind.CONNECT_REFUSED, channel.connectionInfo().remoteAddress(),
          "reason 0x" + Integer.toHexString(reasonCode) + (clientId == null ? "" : ", client " + clientId)
              + (why == null ? "" : ": " + why));
    }
  }

  @Override
  public void close() {
    flushPending = false;
    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void setReadTimeout(long millis) {
    readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    if (readTimeoutNanos == 0 || !ctx.channel().isActive()) { // a closed connection needs no deadline
      unwatch();
      return;
    }
    lastReadNanos = System.nanoTime();
    if (sweep == null) {
      sweep = shared.deadlines().of(ctx.executor());
      sweep.add(this);
    }
  }

  private void unwatch() {
    readTimeoutNanos = 0;
    if (sweep != null) {
      sweep.remove(this);
      sweep = null;
    }
  }

  @Override
  public void setReading(boolean reading) {
    readingWanted = reading;
    updateAutoRead();
  }

  @Override
  public boolean isWritable() {
    return ctx.channel().isWritable();
  }

  /**
   * A client that does not read what it is sent (acknowledgements included) is not read from either, until its
   * write buffer drains: its memory stays bounded by the write buffer's high-water mark.
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead();
    ctx.fireChannelWritabilityChanged();
  }

  private void updateAutoRead() {
    boolean read = readingWanted && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
      if (read) {
        ctx.read();
      }
    }
  }

  private static void releasePayload(MqttPacket packet) {
    if (packet instanceof Publish p) {
      p.payload().release();
    }
  }
}
