package io.berth.server.quic;

import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingResp;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import io.berth.core.channel.Channel;
import io.berth.core.topic.SharedFilter;
import io.berth.core.topic.Topics;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.PacketRoute;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streams of one MQTT-over-QUIC connection and where each packet goes. One core {@link Channel} (on the control
 * stream's {@link MqttConnection}) serves them all; this router sits between it and the streams:
 * <ul>
 *   <li>packets read on a data stream go to the channel with that stream as the reply stream: their
 *       acknowledgements (PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, PINGRESP) are written back on it;
 *   <li>a PUBLISH for the client goes to the data stream whose SUBSCRIBE covers its topic, else the control stream;
 *   <li>CONNACK, DISCONNECT and AUTH always go on the control stream.
 * </ul>
 * Everything runs on the QUIC connection's event loop (its streams share it).
 */
final class QuicStreams implements PacketRoute {
  private final QuicChannel quic;
  private MqttConnection control;
  private volatile QuicStreamChannel controlStream; // read by a stopping listener, from another thread
  private boolean connected;
  private QuicStreamChannel replyTo; // the data stream whose packet the channel is handling now
  private final Map<QuicStreamChannel, Set<String>> filters = new LinkedHashMap<>();
  private final List<DataStreamHandler> held = new ArrayList<>();
  private final Map<Integer, String> aliases = new HashMap<>(); // outbound topic aliases: alias-only PUBLISHes

  QuicStreams(QuicChannel quic) {
    this.quic = quic;
  }

  void controlStream(QuicStreamChannel stream, MqttConnection connection) {
    this.control = connection;
    this.controlStream = stream;
    connection.routeThrough(this);
  }

  /** The client's first bidirectional stream, where CONNECT, CONNACK and DISCONNECT go; null before it is open. */
  QuicStreamChannel controlStream() {
    return controlStream;
  }

  /** A new data stream: read at once when connected, or once the CONNECT is accepted. */
  void open(DataStreamHandler stream) {
    if (connected) {
      stream.start(version());
    } else {
      held.add(stream);
    }
  }

  void closed(QuicStreamChannel stream, DataStreamHandler handler) {
    filters.remove(stream);
    held.remove(handler);
  }

  /** A packet read on a data stream: into the connection's channel, replies back to that stream. */
  void forward(QuicStreamChannel stream, MqttPacket packet) {
    if (packet instanceof Subscribe s) {
      Set<String> mine = filters.computeIfAbsent(stream, k -> new LinkedHashSet<>());
      for (Subscription sub : s.subscriptions()) {
        SharedFilter f = SharedFilter.parse(sub.filter());
        mine.add(f == null ? sub.filter() : f.filter());
      }
    } else if (packet instanceof Unsubscribe u && filters.containsKey(stream)) {
      for (String raw : u.filters()) {
        SharedFilter f = SharedFilter.parse(raw);
        filters.get(stream).remove(f == null ? raw : f.filter());
      }
    }
    replyTo = stream;
    try {
      control.channel().handle(packet);
    } finally {
      replyTo = null;
    }
  }

  @Override
  public boolean divert(MqttPacket packet, MqttVersion version) {
    if (packet instanceof Connack c) {
      if (c.reasonCode() == 0 && !connected) {
        connected = true;
        quic.eventLoop().execute(this::releaseHeld); // after the channel has finished its CONNECT
      }
      return false;
    }
    QuicStreamChannel target = packet instanceof Publish p ? subscriber(p)
        : isReply(packet) ? replyTo : null;
    if (target == null || !target.isActive()) {
      return false; // the control stream
    }
    try {
      target.writeAndFlush(MqttEncoder.encode(target.alloc(), packet, version), target.voidPromise());
    } finally {
      if (packet instanceof Publish p) {
        p.payload().release();
      }
    }
    return true;
  }

  private static boolean isReply(MqttPacket p) {
    return p instanceof PubAck || p instanceof PubRec || p instanceof PubRel || p instanceof PubComp
        || p instanceof Suback || p instanceof Unsuback || p instanceof PingResp;
  }

  /** The data stream that subscribed to the PUBLISH's topic, or null for the control stream. */
  private QuicStreamChannel subscriber(Publish p) {
    if (filters.isEmpty()) {
      return null;
    }
    String topic = p.topic();
    int alias = p.properties().intValue(Property.TOPIC_ALIAS, 0);
    if (alias > 0) {
      if (topic.isEmpty()) {
        topic = aliases.getOrDefault(alias, "");
      } else {
        aliases.put(alias, topic);
      }
    }
    for (Map.Entry<QuicStreamChannel, Set<String>> e : filters.entrySet()) {
      for (String f : e.getValue()) {
        if (Topics.matches(f, topic)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  private void releaseHeld() {
    for (DataStreamHandler h : held) {
      h.start(version());
    }
    held.clear();
  }

  private MqttVersion version() {
    Channel ch = control == null ? null : control.channel();
    return ch == null || ch.version() == null ? MqttVersion.V5 : ch.version();
  }

  boolean isConnected() {
    return connected && control != null && control.channel() != null && control.channel().isConnected();
  }
}
