package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.server.quic.QuicClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client for MQTT over QUIC on Berth's {@link QuicClient}: one connection, any number of streams, each with
 * its own queue of packets, so that a test sees on which stream each packet arrives.
 */
final class QuicMqtt implements AutoCloseable {
  static final Object CLOSED = new Object();
  final QuicClient client;
  final MqttVersion version;

  private QuicMqtt(QuicClient client, MqttVersion version) {
    this.client = client;
    this.version = version;
  }

  static QuicMqtt connect(int port, QuicSslContext ssl, MqttVersion version) throws Exception {
    return new QuicMqtt(QuicClient.connect("localhost", port, ssl, 5_000), version);
  }

  Stream stream() throws Exception {
    BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    QuicStreamChannel ch = client.openStream(new ChannelInitializer<QuicStreamChannel>() {
      @Override
      protected void initChannel(QuicStreamChannel c) {
        c.pipeline().addLast(new Frames(version, inbox));
      }
    });
    return new Stream(ch, inbox);
  }

  @Override
  public void close() {
    client.close();
  }

  final class Stream {
    final QuicStreamChannel channel;
    private final BlockingQueue<Object> inbox;

    Stream(QuicStreamChannel channel, BlockingQueue<Object> inbox) {
      this.channel = channel;
      this.inbox = inbox;
    }

    void send(MqttPacket p) {
      channel.writeAndFlush(MqttEncoder.encode(channel.alloc(), p, version)).syncUninterruptibly();
    }

    void sendBytes(byte[] bytes) {
      channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    /** The next packet, CLOSED when the stream ended, or null after {@code timeout}. */
    Object poll(Duration timeout) throws InterruptedException {
      return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    <T extends MqttPacket> T expect(Class<T> type) throws InterruptedException {
      Object o = poll(Duration.ofSeconds(5));
      if (o == null || o == CLOSED) {
        fail("expected %s on stream %d, got %s", type.getSimpleName(), channel.streamId(),
            o == null ? "nothing" : "the stream closed");
      }
      assertThat(o).as("packet on stream " + channel.streamId()).isInstanceOf(type);
      return type.cast(o);
    }

    void expectNothing(Duration within) throws InterruptedException {
      assertThat(poll(within)).as("stream " + channel.streamId()).isNull();
    }
  }

  /** Broker bytes to packets; a PUBLISH payload is copied to the heap and the read buffer released. */
  private static final class Frames extends ByteToMessageDecoder {
    private final MqttDecoder decoder = new MqttDecoder(268_435_460);
    private final BlockingQueue<Object> inbox;

    Frames(MqttVersion version, BlockingQueue<Object> inbox) {
      decoder.setVersion(version);
      this.inbox = inbox;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      MqttPacket p;
      while ((p = decoder.decode(in)) != null) {
        if (p instanceof Publish m) {
          byte[] bytes = ByteBufUtil.getBytes(m.payload());
          m.payload().release();
          p = new Publish(m.topic(), m.qos(), m.retain(), m.dup(), m.packetId(), m.properties(),
              Unpooled.wrappedBuffer(bytes));
        }
        inbox.add(p);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      inbox.add(CLOSED);
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      inbox.add(CLOSED);
      ctx.close();
    }
  }
}
