package io.berth.server.quic;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.MqttFrameDecoder;
import io.berth.server.connection.PeerAttributes;
import io.berth.server.listener.ListenerContext;
import io.berth.server.listener.MqttTail;
import io.berth.server.listener.RefusalLog;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

/**
 * The pipeline of each stream a client opens. Stream 0, its first bidirectional stream (RFC 9000 §2.1), is the
 * control stream and gets the same MQTT tail as a TCP connection: in single-stream mode it carries everything. Any
 * further bidirectional stream is a data stream (EMQX's multi-stream mode), read only once the CONNECT is accepted.
 */
@Sharable
final class QuicStreamInitializer extends ChannelInitializer<QuicStreamChannel> {
  private final ListenerConfig config;
  private final ListenerContext context;
  private final RefusalLog refusals;
  private final MqttTail tail;

  QuicStreamInitializer(ListenerConfig config, ListenerContext context, RefusalLog refusals) {
    this.config = config;
    this.context = context;
    this.refusals = refusals;
    this.tail = new MqttTail(config, context, refusals);
  }

  @Override
  protected void initChannel(QuicStreamChannel stream) {
    QuicChannel quic = stream.parent();
    QuicStreams streams = quic.attr(QuicConnectionHandler.STREAMS).get();
    if (stream.type() != QuicStreamType.BIDIRECTIONAL || stream.isLocalCreated() || streams == null) {
      stream.close(); // unidirectional streams are not allowed (initial_max_streams_uni = 0)
      return;
    }
    if (stream.streamId() == 0) {
      context.quicStreams().add(stream); // a graceful shutdown sends its DISCONNECT here
      stream.attr(PeerAttributes.FORWARDED_FOR).set(quic.attr(PeerAttributes.FORWARDED_FOR).get());
      stream.attr(PeerAttributes.CERT_NAMES).set(quic.attr(PeerAttributes.CERT_NAMES).get());
      MqttConnection connection = tail.addTo(stream.pipeline());
      streams.controlStream(stream, connection);
      // The control stream's end is the connection's end (EMQX: closing it closes the connection)
      stream.closeFuture().addListener((ChannelFutureListener) f -> quic.close());
    } else {
      stream.config().setAutoRead(false); // held until the CONNECT on the control stream is accepted
      stream.pipeline().addLast("decoder", new MqttFrameDecoder(config.mqtt().maxPacketSize(), context.core().counters()))
          .addLast("data-stream", new DataStreamHandler(streams));
    }
  }
}
