package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.channel.Channel;
import io.berth.server.BrokerServer;
import io.berth.server.config.ConfigLoader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unix listener: {@code berth pub/sub --unix} through the socket file, its mode, a stale file replaced, a live one
 * refused, the file removed at stop.
 */
class UnixSocketTest {
  @TempDir Path dir;

  private BrokerServer start(Path sock, String mode) throws Exception {
    Path conf = dir.resolve("berth.conf");
    Files.writeString(conf, "listeners.tcp.default { bind = \"127.0.0.1:0\" }\nlisteners.ws.default.enable = false\n"
        + "durability.sync = none\n"
        + "listeners.unix.local { path = \"" + sock + "\", mode = \"" + mode + "\" }\n");
    return BrokerServer.start(ConfigLoader.load(conf, Map.of()));
  }

  @Test
  void pubAndSubOverTheSocket() throws Exception {
    Path sock = dir.resolve("run/mqtt.sock"); // the directory is created
    try (BrokerServer server = start(sock, "600")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
      String topic = Ids.topicRoot() + "/u";
      int before = server.core().router().subscriptionCount();
      CompletableFuture<BerthCliTest.Run> sub = BerthCliTest.berthAsync(
          "sub", "--unix", sock.toString(), "-t", topic, "-q", "1", "-C", "1", "-W", "10", "-i", "unix-sub");
      org.awaitility.Awaitility.await().until(() -> server.core().router().subscriptionCount() > before);
      assertThat(((Channel) server.core().sessions().get("unix-sub").owner()).connectionInfo().remoteAddress())
          .startsWith("unix:" + sock);
      BerthCliTest.Run pub = BerthCliTest.berth("pub", "--unix", sock.toString(), "-t", topic, "-m", "over unix",
          "-q", "1");
      assertThat(pub.exitCode()).as(pub.err()).isZero();
      BerthCliTest.Run got = sub.get(15, TimeUnit.SECONDS);
      assertThat(got.exitCode()).as(got.err()).isZero();
      assertThat(got.out()).isEqualTo("over unix\n");
    }
    assertThat(sock).doesNotExist(); // deleted at stop
  }

  @Test
  void staleSocketIsReplacedLiveOneRefused() throws Exception {
    Path sock = dir.resolve("s.sock");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(sock));
      assertThatThrownBy(() -> start(sock, "660")).hasMessageContaining("in use by another process");
    }
    assertThat(sock).exists(); // the JDK leaves the file of a closed server socket: stale now
    try (BrokerServer server = start(sock, "660")) {
      BerthCliTest.Run pub = BerthCliTest.berth("pub", "--unix", sock.toString(), "-t", "x", "-m", "y");
      assertThat(pub.exitCode()).as(pub.err()).isZero();
    }
    Files.writeString(sock, "not a socket");
    assertThatThrownBy(() -> start(sock, "660")).hasMessageContaining("not a socket");
  }
}
