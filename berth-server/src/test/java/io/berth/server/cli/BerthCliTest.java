package io.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BerthCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return BerthCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** Parses without executing, returning the subcommand's object. */
  private static <T> T parse(Class<T> type, String... args) {
    CommandLine cmd = BerthCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult result = cmd.parseArgs(args);
    return type.cast(result.subcommand().commandSpec().userObject());
  }

  @Test
  void pubDefaults() {
    PubCommand pub = parse(PubCommand.class, "pub", "-t", "a/b", "-m", "hello");
    assertThat(pub.connection.host).isEqualTo("127.0.0.1");
    assertThat(pub.connection.port).isEqualTo(1883);
    assertThat(pub.connection.version).isEqualTo(MqttVersion.V5);
    assertThat(pub.connection.keepAlive).isEqualTo(60);
    assertThat(pub.connection.clientId).isNull();
    assertThat(pub.qos).isZero();
    assertThat(pub.retain).isFalse();
    assertThat(pub.topic).isEqualTo("a/b");
    assertThat(pub.message).isEqualTo("hello");
  }

  @Test
  void tlsAndWebSocketOptions() throws Exception {
    PubCommand tls = parse(PubCommand.class, "pub", "-t", "t", "-m", "m", "--insecure");
    assertThat(tls.connection.insecure).isTrue();
    assertThat(tls.connection.transport().port()).as("TLS without -p: 8883").isEqualTo(8883);
    PubCommand tlsPort = parse(PubCommand.class, "pub", "-t", "t", "-m", "m", "--tls", "--insecure", "-p", "1883");
    assertThat(tlsPort.connection.transport().port()).isEqualTo(1883);
    PubCommand ws = parse(PubCommand.class, "pub", "-t", "t", "-m", "m", "--ws", "ws://broker.example:8083/mqtt");
    assertThat(ws.connection.transport().host()).isEqualTo("broker.example");
    assertThat(ws.connection.transport().port()).isEqualTo(8083);
    assertThat(ws.connection.transport().address()).isEqualTo("ws://broker.example:8083/mqtt");
    assertThat(run("pub", "-t", "t", "-m", "m", "--ws", "http://x/mqtt")).isEqualTo(2);
    assertThat(err.toString()).startsWith("berth: --ws expects ws://");
    assertThat(run("pub", "-t", "t", "-m", "m", "--cafile", "/nope.pem")).isEqualTo(2);
    assertThat(err.toString()).contains("berth: --cafile /nope.pem: no such file");
  }

  @Test
  void pubEveryOption() {
    PubCommand pub = parse(PubCommand.class, "pub", "-h", "10.0.0.1", "-p", "11883", "-t", "t", "-m", "m",
        "-q", "2", "-r", "-V", "3.1.1", "-i", "me", "-u", "user", "-P", "secret", "-k", "30");
    assertThat(pub.connection.host).isEqualTo("10.0.0.1");
    assertThat(pub.connection.port).isEqualTo(11883);
    assertThat(pub.qos).isEqualTo(2);
    assertThat(pub.retain).isTrue();
    assertThat(pub.connection.version).isEqualTo(MqttVersion.V3_1_1);
    var connect = pub.connection.toConnect("pub");
    assertThat(connect.clientId()).isEqualTo("me");
    assertThat(connect.username()).isEqualTo("user");
    assertThat(connect.password()).isEqualTo("secret".getBytes());
    assertThat(connect.keepAlive()).isEqualTo(30);
    assertThat(connect.cleanStart()).isTrue();
  }

  @Test
  void versionsByTheirLabels() {
    assertThat(parse(PubCommand.class, "pub", "-t", "t", "-m", "m", "-V", "3.1").connection.version)
        .isEqualTo(MqttVersion.V3_1);
    assertThat(parse(PubCommand.class, "pub", "-t", "t", "-m", "m", "-V", "mqttv311").connection.version)
        .isEqualTo(MqttVersion.V3_1_1);
  }

  @Test
  void generatedClientIdFitsMqtt31() {
    String id = parse(PubCommand.class, "pub", "-t", "t", "-m", "m").connection.toConnect("pub").clientId();
    assertThat(id).startsWith("berth-pub-").hasSizeLessThanOrEqualTo(23);
  }

  @Test
  void subOptions() {
    SubCommand sub = parse(SubCommand.class, "sub", "-t", "a/#", "-t", "b/+", "-q", "1", "-v", "-C", "3",
        "-W", "5", "-V", "5");
    assertThat(sub.filters).containsExactly("a/#", "b/+");
    assertThat(sub.qos).isEqualTo(1);
    assertThat(sub.verbose).isTrue();
    assertThat(sub.count).isEqualTo(3);
    assertThat(sub.waitSeconds).isEqualTo(5);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(run("pub", "-t", "t")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '-m=MESSAGE'");
    assertThat(run("pub", "-t", "t", "-m", "m", "-q", "3")).isEqualTo(2);
    assertThat(err.toString()).contains("expected 0, 1 or 2, not '3'");
    assertThat(run("pub", "-t", "t", "-m", "m", "-V", "4")).isEqualTo(2);
    assertThat(err.toString()).contains("expected 3.1, 3.1.1 or 5, not '4'");
    assertThat(run("sub", "-t", "t", "-p", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("expected an integer 1..65535, not '70000'");
    assertThat(run("sub", "-t", "t", "-C", "0")).isEqualTo(2);
    assertThat(run("sub")).isEqualTo(2);
    assertThat(run("nonsense")).isEqualTo(2);
  }

  @Test
  void helpForPubUsesLongFlagSinceHIsTheHost() {
    assertThat(run("pub", "--help")).isZero();
    assertThat(out.toString()).contains("-h=HOST").contains("-V=VERSION");
  }

  @Test
  void versionPrintsBerthAndAVersion() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).matches("berth \\S+\\R");
  }

  @Test
  void startWithMissingConfigExits2() {
    assertThat(run("start", "-c", "/nonexistent/berth.conf")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("berth: cannot read /nonexistent/berth.conf: no such file"
        + System.lineSeparator());
  }

  @Test
  void startWithBadConfigExits2(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("b.conf");
    Files.writeString(f, "mqtt.max_qos_allowed = 7\n");
    assertThat(run("start", "-c", f.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("berth: " + f + ":1: mqtt.max_qos_allowed = 7: expected an integer 0..2");
  }

  @Test
  void startReadsTheGivenEnvironment() throws Exception {
    StartCommand start = parse(StartCommand.class, "start");
    start.env = Map.of("BERTH_LISTENERS__TCP__DEFAULT__BIND", "127.0.0.1:0");
    assertThat(start.loadConfig().listeners().get(0).host()).isEqualTo("127.0.0.1");
  }

  @Test
  void connectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(run("pub", "-p", String.valueOf(port), "-t", "t", "-m", "m")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(
        "berth: cannot connect to 127.0.0.1:" + port + ": connection refused" + System.lineSeparator());
  }

  @Test
  void connackRefusalV5() throws Exception {
    try (FakeBroker broker = new FakeBroker(new byte[] {0x20, 0x03, 0x00, (byte) 0x87, 0x00})) {
      assertThat(run("pub", "-p", String.valueOf(broker.port()), "-t", "t", "-m", "m")).isEqualTo(1);
    }
    assertThat(err.toString()).isEqualTo(
        "berth: connection refused by broker: 0x87 Not authorized" + System.lineSeparator());
  }

  @Test
  void connackRefusalV311() throws Exception {
    try (FakeBroker broker = new FakeBroker(new byte[] {0x20, 0x02, 0x00, 0x05})) {
      assertThat(run("sub", "-p", String.valueOf(broker.port()), "-t", "t", "-V", "3.1.1")).isEqualTo(1);
    }
    assertThat(err.toString()).isEqualTo(
        "berth: connection refused by broker: 0x05 not authorized" + System.lineSeparator());
  }

  @Test
  void brokerClosingIsReported() throws Exception {
    try (FakeBroker broker = new FakeBroker(new byte[0])) {
      assertThat(run("pub", "-p", String.valueOf(broker.port()), "-t", "t", "-m", "m")).isEqualTo(1);
    }
    assertThat(err.toString()).startsWith("berth: connection closed by the broker");
  }

  /** Accepts one connection, reads the CONNECT, answers with fixed bytes and closes. */
  private static final class FakeBroker implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    private final Thread thread;

    FakeBroker(byte[] reply) throws IOException {
      thread = new Thread(() -> {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          in.read(new byte[256]);
          OutputStream o = s.getOutputStream();
          o.write(reply);
          o.flush();
          Thread.sleep(200);
        } catch (IOException | InterruptedException e) {
          // the test's assertions say what went wrong
        }
      });
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void subcommandsAreListed() {
    assertThat(run()).isZero();
    assertThat(List.of("start", "version", "pub", "sub")).allSatisfy(c -> assertThat(out.toString()).contains(c));
  }
}
