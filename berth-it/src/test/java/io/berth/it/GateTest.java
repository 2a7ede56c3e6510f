package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttVersion;
import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanList;
import io.berth.server.listener.ListenerException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection gate over real sockets: access rules (a client's source address chosen by binding its socket to
 * 127.0.0.1 or 127.0.0.2, both loopback), address bans at accept and on open connections, max_conn_rate, and the
 * client address of a PROXY protocol header checked against the rules.
 */
class GateTest {
  @TempDir static Path dir;
  static RunningBroker broker;

  @BeforeAll
  static void start() {
    broker = RunningBroker.fromConfig(dir, "node.data_dir = \"" + dir.resolve("data") + "\"\n"
        + "listeners.ws.default.enable = false\n"
        + "listeners.tcp.default { bind = \"127.0.0.1:0\" }\n"
        + "listeners.tcp.ruled { bind = \"127.0.0.1:0\", access_rules = [\"deny 127.0.0.1\", \"allow all\"] }\n"
        + "listeners.tcp.rated { bind = \"127.0.0.1:0\", max_conn_rate = 2 }\n"
        + "listeners.tcp.proxied { bind = \"127.0.0.1:0\", proxy_protocol = true, allow_anonymous = true,"
        + " access_rules = \"deny 203.0.113.0/24, allow all\" }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static BanList bans() {
    return broker.server().core().defences().banList();
  }

  /** A Paho client whose TCP socket leaves from {@code source}. */
  static MqttClient connectFrom(String source, String listener) throws MqttException {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + broker.port(listener), Ids.client("gate"),
        new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try with 3.1 after a refusal
    o.setSocketFactory(new BoundSocketFactory(source));
    c.connect(o);
    return c;
  }

  static Socket rawFrom(String source, String listener) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(new InetSocketAddress("127.0.0.1", broker.port(listener)), 5_000);
    return s;
  }

  @Test
  void accessRulesRefuseOneLoopbackAddressAndAcceptAnother() throws Exception {
    long before = gateOf("tcp:ruled").counters().accessRules();
    assertThatThrownBy(() -> connectFrom("127.0.0.1", "tcp:ruled")).isInstanceOf(MqttException.class);
    MqttClient ok = connectFrom("127.0.0.2", "tcp:ruled");
    assertThat(ok.isConnected()).isTrue();
    ok.disconnect();
    ok.close();
    assertThat(gateOf("tcp:ruled").counters().accessRules()).isEqualTo(before + 1);
    // the same 127.0.0.1 client is welcome on a listener without rules
    MqttClient other = connectFrom("127.0.0.1", "tcp:default");
    other.disconnect();
    other.close();
  }

  @Test
  void aBannedAddressIsRefusedAtAcceptAndItsOpenConnectionsClosed() throws Exception {
    try (Socket open = rawFrom("127.0.0.3", "tcp:default"); RawClient c = RawClient.over(open)) {
      c.connectOk(MqttVersion.V5, Ids.client("soon-banned"), true, 0);
      bans().add(Ban.of(BanKind.PEERHOST, "127.0.0.3", "test", "GateTest", System.currentTimeMillis(),
          Ban.FOREVER));
      c.expectClosed(RawClient.WAIT);
      try (Socket refused = rawFrom("127.0.0.3", "tcp:default"); RawClient r = RawClient.over(refused)) {
        assertThat(r.expectClosed(RawClient.WAIT)).isEmpty(); // closed before a byte was read
      }
      MqttClient neighbour = connectFrom("127.0.0.4", "tcp:default");
      neighbour.disconnect();
      neighbour.close();
    } finally {
      bans().remove(BanKind.PEERHOST, "127.0.0.3");
    }
    MqttClient again = connectFrom("127.0.0.3", "tcp:default");
    again.disconnect();
    again.close();
  }

  @Test
  void aNetworkBanCoversItsAddresses() throws Exception {
    bans().add(Ban.of(BanKind.CIDR, "127.0.5.0/24", "", "GateTest", System.currentTimeMillis(),
        System.currentTimeMillis() + 60_000));
    try {
      assertThatThrownBy(() -> connectFrom("127.0.5.77", "tcp:default")).isInstanceOf(MqttException.class);
      MqttClient outside = connectFrom("127.0.6.1", "tcp:default");
      outside.disconnect();
      outside.close();
    } finally {
      bans().remove(BanKind.CIDR, "127.0.5.0/24");
    }
  }

  @Test
  void maxConnRateRefusesABurstBeyondTheRateThenLetsTheNextOneIn() throws Exception {
    long before = gateOf("tcp:rated").counters().connRate();
    int accepted = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      try (Socket s = rawFrom("127.0.0.1", "tcp:rated"); RawClient c = RawClient.over(s)) {
        if (connectsOrIsClosed(c)) {
          accepted++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // max_conn_rate = 2: the burst of 2, then 2 more a second at most (a slow machine lets more in)
    assertThat(accepted).isBetween(2, 2 + (int) Math.ceil(seconds * 2));
    assertThat(gateOf("tcp:rated").counters().connRate() - before).isEqualTo(8 - accepted);
    Thread.sleep(1_100); // two tokens more
    try (Socket s = rawFrom("127.0.0.1", "tcp:rated"); RawClient c = RawClient.over(s)) {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("later"), true, 0);
    }
  }

  /** True when the broker answers the CONNECT; false when it closes the connection without a byte. */
  static boolean connectsOrIsClosed(RawClient c) {
    try {
      c.connectOk(MqttVersion.V3_1_1, Ids.client("rated"), true, 0);
      return true;
    } catch (AssertionError refused) {
      return false;
    }
  }

  @Test
  void theProxiedClientsAddressIsCheckedNotTheProxys() throws Exception {
    try (Socket s = rawFrom("127.0.0.1", "tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 203.0.113.5 127.0.0.1 5555 1883\r\n");
      assertThat(c.expectClosed(RawClient.WAIT)).isEmpty();
    }
    try (Socket s = rawFrom("127.0.0.1", "tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 198.51.100.5 127.0.0.1 5555 1883\r\n");
      c.connectOk(MqttVersion.V5, Ids.client("proxied"), true, 0);
    }
    bans().add(Ban.of(BanKind.PEERHOST, "198.51.100.6", "", "GateTest", System.currentTimeMillis(), Ban.FOREVER));
    try (Socket s = rawFrom("127.0.0.1", "tcp:proxied"); RawClient c = RawClient.over(s)) {
      write(s, "PROXY TCP4 198.51.100.6 127.0.0.1 5555 1883\r\n");
      assertThat(c.expectClosed(RawClient.WAIT)).isEmpty();
    } finally {
      bans().remove(BanKind.PEERHOST, "198.51.100.6");
    }
  }

  static io.berth.server.listener.ConnectionGate gateOf(String id) throws ListenerException {
    return broker.server().listeners().gate(id);
  }

  static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Sockets bound to one local address before they connect (Paho connects the unconnected socket it is given). */
  static final class BoundSocketFactory extends SocketFactory {
    private final String source;

    BoundSocketFactory(String source) {
      this.source = source;
    }

    @Override
    public Socket createSocket() throws IOException {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }
  }
}
