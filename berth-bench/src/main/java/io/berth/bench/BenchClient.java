package io.berth.bench;

import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One bench connection: decodes with Berth's codec, sends CONNECT on connect, acknowledges QoS 1 deliveries, and
 * hands publishes and PUBACKs to its {@link Events}. Everything happens on the channel's event loop; acknowledgements
 * are flushed once per read batch.
 */
public final class BenchClient extends ByteToMessageDecoder {
  /** What a scenario wants to hear of; called on the client's event loop. */
  public interface Events {
    default void onPublish(BenchClient client, Publish publish) {}

    default void onPubAck(BenchClient client, int packetId) {}

    default void onWritable(BenchClient client) {}
  }

  private static final int MAX_PACKET = 268_435_460;
  private static final int SUBSCRIBE_ID = 1;

  private final Connect connect;
  private final MqttDecoder decoder = new MqttDecoder(MAX_PACKET);
  private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();
  private final CompletableFuture<BenchClient> subscribed = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private volatile Events events = new Events() {};
  private volatile long connackNanos;
  private Channel channel;
  private boolean flushPending;

  BenchClient(String clientId, MqttVersion version, int keepAliveSeconds) {
    this(clientId, version, keepAliveSeconds, SubscriberSession.CLEAN);
  }

  BenchClient(String clientId, MqttVersion version, int keepAliveSeconds, SubscriberSession session) {
    this.connect = new Connect(version, clientId, session.clean(), keepAliveSeconds, null, null, null,
        version == MqttVersion.V5 ? session.connectProperties() : MqttProperties.NONE);
    decoder.setVersion(version);
  }

  public void setEvents(Events events) {
    this.events = events;
  }

  public Channel channel() {
    return channel;
  }

  public MqttVersion version() {
    return connect.version();
  }

  public String clientId() {
    return connect.clientId();
  }

  /** Completed by a successful CONNACK. */
  public CompletableFuture<BenchClient> connected() {
    return connected;
  }

  /** From connect() to CONNACK, in nanoseconds (0 before). */
  public long connackLatencyNanos() {
    return connackNanos == 0 ? 0 : connackNanos - startNanos;
  }

  /** Sends SUBSCRIBE; the future completes on a SUBACK that grants it. */
  public CompletableFuture<BenchClient> subscribe(String filter, int qos) {
    Subscribe s = new Subscribe(SUBSCRIBE_ID, List.of(Subscription.of(filter, qos)), MqttProperties.NONE);
    channel.eventLoop().execute(() -> channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), s, version())));
    return subscribed;
  }

  public void close() {
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    ctx.writeAndFlush(MqttEncoder.encode(ctx.alloc(), connect, connect.version()));
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    MqttPacket p;
    while ((p = decoder.decode(in)) != null) {
      handle(ctx, p);
    }
  }

  private void handle(ChannelHandlerContext ctx, MqttPacket p) {
    if (p instanceof Publish pub) {
      try {
        events.onPublish(this, pub);
      } finally {
        pub.payload().release();
      }
      if (pub.qos() == 1) {
        ctx.write(MqttEncoder.encode(ctx.alloc(), new PubAck(pub.packetId()), version()));
        flushPending = true;
      }
    } else if (p instanceof PubAck ack) {
      events.onPubAck(this, ack.packetId());
    } else if (p instanceof Connack ack) {
      connackNanos = System.nanoTime();
      if (ack.reasonCode() == 0) {
        connected.complete(this);
      } else {
        connected.completeExceptionally(new BenchException(
            "broker refused " + clientId() + " with CONNACK code 0x" + Integer.toHexString(ack.reasonCode())));
        ctx.close();
      }
    } else if (p instanceof Suback ack) {
      int code = ack.reasonCodes().isEmpty() ? 0x80 : ack.reasonCodes().get(0);
      if (code < 0x80) {
        subscribed.complete(this);
      } else {
        subscribed.completeExceptionally(new BenchException("subscription refused: code 0x" + Integer.toHexString(code)));
      }
    }
    // PINGRESP, DISCONNECT and the rest: nothing to do (a DISCONNECT is followed by the close).
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
    // Not super's: with AUTO_READ off it asks for the next read at once whenever no message went down the
    // pipeline, which is always here (packets are handled, not passed on), and a slow reader reads when told only.
    discardSomeReadBytes();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      events.onWritable(this);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    BenchException closed = new BenchException("connection " + clientId() + " closed by the broker");
    connected.completeExceptionally(closed);
    subscribed.completeExceptionally(closed);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    BenchException failed = new BenchException("connection " + clientId() + " failed: " + cause.getMessage());
    connected.completeExceptionally(failed);
    subscribed.completeExceptionally(failed);
    ctx.close();
  }
}
