package io.berth.core.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
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
import io.berth.codec.packet.Will;
import io.berth.core.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client's view of one {@link Channel}: it hands packets to the channel on its loop (as the Netty handler would),
 * settles every loop, and reads what the channel sent from a {@link RecordingOutbox}. When the channel closes the
 * connection, {@code onConnectionClosed} follows on the loop, as Netty's channelInactive does.
 */
public final class TestClient {
  private final TestBroker broker;
  public final ManualLoop loop;
  public final RecordingOutbox out;
  public final Channel channel;
  private int nextPacketId = 1;
  private boolean inactiveFired;

  TestClient(TestBroker broker, ManualLoop loop, io.berth.core.channel.ConnectionInfo info) {
    this.broker = broker;
    this.loop = loop;
    Channel[] holder = new Channel[1];
    this.out = new RecordingOutbox(() -> holder[0].version());
    this.channel = new Channel(broker.core, broker.settings, broker.security, loop, out, info);
    holder[0] = channel;
    out.onClose(() -> loop.execute(this::fireInactive));
  }

  private void fireInactive() {
    if (!inactiveFired) {
      inactiveFired = true;
      channel.onConnectionClosed();
    }
  }

  // ---- packets in ----

  /** Hands a packet to the channel on its loop, then settles every loop. */
  public TestClient send(MqttPacket p) {
    sendNoSettle(p);
    broker.settle();
    return this;
  }

  /** Hands a packet to the channel on its loop and runs nothing else. */
  public TestClient sendNoSettle(MqttPacket p) {
    loop.run(() -> channel.handle(p));
    return this;
  }

  public static Connect connectPacket(MqttVersion v, String clientId, boolean cleanStart) {
    return new Connect(v, clientId, cleanStart, 0, null, null, null, MqttProperties.NONE);
  }

  public static Connect connectPacket(
      MqttVersion v, String clientId, boolean cleanStart, int keepAlive, Will will, MqttProperties props) {
    return new Connect(v, clientId, cleanStart, keepAlive, null, null, will, props);
  }

  /** Connects and expects CONNACK as the next packet. */
  public Connack connect(MqttVersion v, String clientId, boolean cleanStart) {
    return connect(connectPacket(v, clientId, cleanStart));
  }

  public Connack connect(MqttVersion v, String clientId, boolean cleanStart, MqttProperties props) {
    return connect(connectPacket(v, clientId, cleanStart, 0, null, props));
  }

  public Connack connect(Connect c) {
    send(c);
    return expect(Connack.class);
  }

  /** Connects successfully (asserts reason 0). */
  public Connack connectOk(MqttVersion v, String clientId, boolean cleanStart) {
    Connack ack = connect(v, clientId, cleanStart);
    assertThat(ack.reasonCode()).as("CONNACK reason").isZero();
    return ack;
  }

  public int nextPacketId() {
    int id = nextPacketId;
    nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
    return id;
  }

  public Publish publishPacket(String topic, int qos, boolean retain, String text, MqttProperties props) {
    return new Publish(topic, qos, retain, false, qos == 0 ? 0 : nextPacketId(), props, broker.payload(text));
  }

  /** Publishes; returns the packet id used (0 for QoS 0). */
  public int publish(String topic, int qos, String text) {
    return publish(topic, qos, false, text, MqttProperties.NONE);
  }

  public int publish(String topic, int qos, boolean retain, String text) {
    return publish(topic, qos, retain, text, MqttProperties.NONE);
  }

  public int publish(String topic, int qos, boolean retain, String text, MqttProperties props) {
    Publish p = publishPacket(topic, qos, retain, text, props);
    send(p);
    return p.packetId();
  }

  public Suback subscribe(String filter, int qos) {
    return subscribe(MqttProperties.NONE, Subscription.of(filter, qos));
  }

  public Suback subscribe(MqttProperties props, Subscription... subs) {
    int id = nextPacketId();
    send(new Subscribe(id, Arrays.asList(subs), props));
    Suback ack = expect(Suback.class);
    assertThat(ack.packetId()).as("SUBACK packet id").isEqualTo(id);
    return ack;
  }

  public Unsuback unsubscribe(String... filters) {
    int id = nextPacketId();
    send(new Unsubscribe(id, List.of(filters), MqttProperties.NONE));
    Unsuback ack = expect(Unsuback.class);
    assertThat(ack.packetId()).isEqualTo(id);
    return ack;
  }

  /** Completes the client side of an incoming QoS 1 or 2 PUBLISH (PUBACK, or PUBREC then PUBREL → PUBCOMP). */
  public void ack(Publish p) {
    if (p.qos() == 1) {
      send(new PubAck(p.packetId()));
    } else if (p.qos() == 2) {
      send(new PubRec(p.packetId()));
      PubRel rel = expect(PubRel.class);
      assertThat(rel.packetId()).isEqualTo(p.packetId());
      send(new PubComp(p.packetId()));
    }
  }

  public void disconnect() {
    send(Disconnect.NORMAL);
  }

  /** The network connection breaks (no DISCONNECT): Netty reports channelInactive. */
  public void drop() {
    loop.run(this::fireInactive);
    broker.settle();
  }

  void dropQuietly() {
    if (!inactiveFired) {
      loop.run(this::fireInactive);
    }
  }

  /** Keep Alive × multiplier passed without a packet: the idle handler fires. */
  public void readTimeout() {
    loop.run(channel::onReadTimeout);
    broker.settle();
  }

  // ---- packets out ----

  /** The next packet the server sent, which must be of {@code type}. */
  public <T extends MqttPacket> T expect(Class<T> type) {
    MqttPacket p = out.poll();
    assertThat(p).as("expected a %s, the server sent nothing (more)", type.getSimpleName()).isNotNull();
    assertThat(p).as("next packet from the server").isInstanceOf(type);
    return type.cast(p);
  }

  /** The next packet must be a PUBLISH on {@code topic} with {@code text}. */
  public Publish expectPublish(String topic, String text) {
    Publish p = expect(Publish.class);
    assertThat(p.topic()).as("topic").isEqualTo(topic);
    assertThat(text(p)).as("payload").isEqualTo(text);
    return p;
  }

  /** DISCONNECT with the reason, then the connection closed. */
  public Disconnect expectDisconnect(int reasonCode) {
    Disconnect d = expect(Disconnect.class);
    assertThat(d.reasonCode()).as("DISCONNECT reason").isEqualTo(reasonCode);
    assertThat(out.isClosed()).as("connection closed").isTrue();
    return d;
  }

  public void expectNothing() {
    assertThat(out.peek()).as("no further packet from the server").isNull();
  }

  /** Every PUBLISH not yet looked at (other packets are skipped over and lost). */
  public List<Publish> publishes() {
    List<Publish> out = new ArrayList<>();
    for (MqttPacket p : this.out.drainUnread()) {
      if (p instanceof Publish pub) {
        out.add(pub);
      }
    }
    return out;
  }

  public List<MqttPacket> drain() {
    return out.drainUnread();
  }

  public boolean isClosed() {
    return out.isClosed();
  }

  public static String text(Publish p) {
    return p.payload().toString(StandardCharsets.UTF_8);
  }
}
