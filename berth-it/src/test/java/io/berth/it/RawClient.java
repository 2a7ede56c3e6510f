package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.berth.codec.MqttDecodeException;
import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven MQTT client over a plain {@link Socket}: packets are built and parsed with Berth's own codec, or
 * written as raw bytes, so a test controls exactly what goes on the wire (no acks unless it sends them, malformed
 * bytes, silence). Received PUBLISH payloads are copied to the heap, so tests need not release anything.
 */
public final class RawClient implements AutoCloseable {
  /** Default wait for an expected packet. */
  public static final Duration WAIT = Duration.ofSeconds(5);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final MqttDecoder decoder = new MqttDecoder(268_435_460);
  private final ByteBuf received = Packets.ALLOC.heapBuffer(8192);
  private MqttVersion version;
  private boolean eof;
  private boolean closed;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Over a socket the test has already used (a PROXY header written, a TLS layer on top). */
  public static RawClient over(Socket socket) {
    try {
      return new RawClient(socket);
    } catch (IOException e) {
      throw new AssertionError("cannot use the socket", e);
    }
  }

  public static RawClient open(Broker broker) {
    try {
      return new RawClient(new Socket("127.0.0.1", broker.port()));
    } catch (IOException e) {
      throw new AssertionError("cannot connect to the broker on port " + broker.port(), e);
    }
  }

  public MqttVersion version() {
    return version;
  }

  /** Sends a CONNECT and returns the CONNACK. */
  public Connack connect(MqttVersion v, String clientId, boolean clean, int keepAlive) {
    return connect(new Connect(v, clientId, clean, keepAlive, null, null, null, MqttProperties.NONE));
  }

  public Connack connect(Connect c) {
    send(c);
    return expect(Connack.class);
  }

  /** CONNECT expected to succeed: asserts the CONNACK reason code is 0. */
  public Connack connectOk(MqttVersion v, String clientId, boolean clean, int keepAlive) {
    Connack ack = connect(v, clientId, clean, keepAlive);
    assertThat(ack.reasonCode()).as("CONNACK reason of %s", clientId).isZero();
    return ack;
  }

  public Suback subscribe(int packetId, String filter, int qos) {
    return subscribe(packetId, MqttProperties.NONE, Subscription.of(filter, qos));
  }

  public Suback subscribe(int packetId, MqttProperties props, Subscription... subs) {
    send(new Subscribe(packetId, List.of(subs), props));
    Suback ack = expect(Suback.class);
    assertThat(ack.packetId()).isEqualTo(packetId);
    return ack;
  }

  public void publish(String topic, int qos, int packetId, String payload) {
    send(new Publish(topic, qos, false, false, packetId, MqttProperties.NONE, Packets.utf8(payload)));
  }

  /** Publishes and completes the QoS flow as a well-behaved publisher (PUBACK, or PUBREC/PUBREL/PUBCOMP). */
  public void publishAndComplete(Publish p) {
    send(p);
    if (p.qos() == 1) {
      assertThat(expect(io.berth.codec.packet.PubAck.class).packetId()).isEqualTo(p.packetId());
    } else if (p.qos() == 2) {
      assertThat(expect(io.berth.codec.packet.PubRec.class).packetId()).isEqualTo(p.packetId());
      send(new io.berth.codec.packet.PubRel(p.packetId()));
      assertThat(expect(io.berth.codec.packet.PubComp.class).packetId()).isEqualTo(p.packetId());
    }
  }

  public void publishAndComplete(String topic, int qos, String payload) {
    publishAndComplete(new Publish(topic, qos, false, false, qos == 0 ? 0 : nextId(), MqttProperties.NONE,
        Packets.utf8(payload)));
  }

  private int lastId;

  public int nextId() {
    lastId = lastId % 60000 + 1;
    return lastId;
  }

  /** The next PUBLISH, acknowledged as a well-behaved subscriber would (QoS 2: PUBREC, PUBREL, PUBCOMP). */
  public Publish receive() {
    Publish p = expect(Publish.class);
    ack(p);
    return p;
  }

  public void ack(Publish p) {
    if (p.qos() == 1) {
      send(new io.berth.codec.packet.PubAck(p.packetId()));
    } else if (p.qos() == 2) {
      send(new io.berth.codec.packet.PubRec(p.packetId()));
      assertThat(expect(io.berth.codec.packet.PubRel.class).packetId()).isEqualTo(p.packetId());
      send(new io.berth.codec.packet.PubComp(p.packetId()));
    }
  }

  /** Encodes and writes a packet (a CONNECT in its own version; after it, the decoder speaks that version). */
  public void send(MqttPacket packet) {
    sendBytes(encoded(packet));
  }

  /**
   * Writes {@code packets} in one write, so that they reach the broker before it can answer any of them: a test
   * expecting the broker to close part-way through must not fail on writing the rest to a reset connection.
   */
  public void sendAll(List<? extends MqttPacket> packets) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    packets.forEach(p -> all.writeBytes(encoded(p)));
    sendBytes(all.toByteArray());
  }

  private byte[] encoded(MqttPacket packet) {
    if (packet instanceof Connect c && version == null) {
      version = c.version();
      decoder.setVersion(c.version());
    }
    MqttVersion v = version == null ? MqttVersion.V3_1_1 : version;
    ByteBuf buf = MqttEncoder.encode(Packets.ALLOC, packet, v);
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  public void sendBytes(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError("write failed: " + e, e);
    }
  }

  /** Lets the decoder read broker packets of {@code v} without having sent a CONNECT through {@link #send}. */
  public void assumeVersion(MqttVersion v) {
    version = v;
    decoder.setVersion(v);
  }

  /** The next packet within {@code timeout}, or null on timeout or when the broker closed the connection. */
  public MqttPacket read(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean triedOnce = false;
    while (true) {
      MqttPacket p = decodeOne();
      if (p != null) {
        return p;
      }
      if (eof) {
        return null;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0 && triedOnce) {
        return null;
      }
      triedOnce = true;
      fill(Math.max(1, left)); // at least one look at the socket, even with a zero timeout
    }
  }

  /** The next packet, asserted to be of {@code type}. */
  public <T extends MqttPacket> T expect(Class<T> type) {
    return expect(type, WAIT);
  }

  public <T extends MqttPacket> T expect(Class<T> type, Duration timeout) {
    MqttPacket p = read(timeout);
    if (p == null) {
      fail("expected %s within %s but %s", type.getSimpleName(), timeout,
          eof ? "the broker closed the connection" : "nothing came");
    }
    assertThat(p).as("next packet").isInstanceOf(type);
    return type.cast(p);
  }

  /** Every packet that arrives within {@code window} (stops early when the connection closes). */
  public List<MqttPacket> readFor(Duration window) {
    List<MqttPacket> all = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return all;
      }
      MqttPacket p = read(Duration.ofNanos(left));
      if (p == null) {
        return all;
      }
      all.add(p);
    }
  }

  /** Exactly {@code n} packets: each within {@link #WAIT}, then nothing more for {@code quiet}. */
  public List<MqttPacket> readExactly(int n, Duration quiet) {
    List<MqttPacket> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MqttPacket p = read(WAIT);
      if (p == null) {
        fail("expected %d packets but got %d %s: %s", n, i, eof ? "before the broker closed" : "in time", all);
      }
      all.add(p);
    }
    MqttPacket extra = read(quiet);
    assertThat(extra).as("packet after the %d expected ones %s", n, all).isNull();
    return all;
  }

  /** Asserts nothing arrives (and the connection stays open) for {@code window}. */
  public void expectSilence(Duration window) {
    MqttPacket p = read(window);
    assertThat(p).as("packet received while expecting silence").isNull();
    assertThat(eof).as("connection closed while expecting silence").isFalse();
  }

  /**
   * Waits for the broker to close the connection; returns the packets received before the close. Fails if the
   * connection is still open after {@code timeout}.
   */
  public List<MqttPacket> expectClosed(Duration timeout) {
    List<MqttPacket> before = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      MqttPacket p = decodeOne();
      if (p != null) {
        before.add(p);
        continue;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        fail("the broker did not close the connection within %s (received %s)", timeout, before);
      }
      fill(left);
    }
    MqttPacket p;
    while ((p = decodeOne()) != null) {
      before.add(p);
    }
    return before;
  }

  /** Every raw byte received until the broker closes the connection (fails after {@code timeout}). */
  public byte[] readBytesUntilClosed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        fail("the broker did not close the connection within %s (received %s)", timeout,
            ByteBufUtil.hexDump(received));
      }
      fill(left);
    }
    return ByteBufUtil.getBytes(received);
  }

  /** Sends DISCONNECT (reason 0) and waits for the broker to close. */
  public void disconnect() {
    send(io.berth.codec.packet.Disconnect.NORMAL);
    expectClosed(WAIT);
    close();
  }

  public boolean isClosedByBroker() {
    return eof;
  }

  private MqttPacket decodeOne() {
    if (!received.isReadable()) {
      return null;
    }
    MqttPacket p;
    try {
      p = decoder.decode(received);
    } catch (MqttDecodeException e) {
      throw new AssertionError("the broker sent a malformed packet: " + e.getMessage() + " bytes "
          + ByteBufUtil.hexDump(received), e);
    }
    received.discardSomeReadBytes();
    if (p instanceof Publish pub) { // copy to the heap, free the slice of our read buffer
      byte[] bytes = ByteBufUtil.getBytes(pub.payload());
      pub.payload().release();
      p = new Publish(pub.topic(), pub.qos(), pub.retain(), pub.dup(), pub.packetId(), pub.properties(),
          Unpooled.wrappedBuffer(bytes));
    }
    return p;
  }

  private void fill(long timeoutMillis) {
    byte[] chunk = new byte[8192];
    try {
      socket.setSoTimeout((int) Math.max(1, timeoutMillis));
      int n = in.read(chunk);
      if (n < 0) {
        eof = true;
      } else {
        received.writeBytes(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // nothing within the time
    } catch (SocketException e) { // connection reset by the broker
      eof = true;
    } catch (IOException e) {
      throw new AssertionError("read failed", e);
    }
  }

  /** Closes the socket abruptly, without DISCONNECT. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
    received.release();
  }

  /** Closes with RST instead of FIN, like a crashed client. */
  public void kill() {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    close();
  }
}
