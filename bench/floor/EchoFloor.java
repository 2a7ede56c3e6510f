import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The machine's latency floor for bench/compare.sh: the round trip of 8 bytes through a TCP echo server that
 * sleeps in read() between messages, as a broker's event loop sleeps in epoll_wait, timed by a client that
 * busy-polls like `berth bench latency`. No broker can answer faster than this on the same machine and CPUs.
 *
 *   java EchoFloor.java serve PORT          (pinned to the broker's CPU)
 *   java EchoFloor.java ping PORT SECONDS   (pinned to the generator's CPU; 10,000 round trips per second)
 */
public class EchoFloor {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    if (args[0].equals("serve")) {
      serve(port);
    } else {
      ping(port, Integer.parseInt(args[2]));
    }
  }

  static void serve(int port) throws IOException {
    try (ServerSocket server = new ServerSocket(port, 4, InetAddress.getLoopbackAddress())) {
      while (true) {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> echo(s));
        t.setDaemon(true);
        t.start();
      }
    }
  }

  static void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] b = new byte[64];
      for (int n; (n = in.read(b)) > 0; ) {
        out.write(b, 0, n);
      }
    } catch (IOException e) {
      // the client left
    }
  }

  static void ping(int port, int seconds) throws IOException {
    int total = seconds * 10_000;
    int warmup = Math.min(total / 5, 20_000); // not counted: both JVMs compile their loops meanwhile
    long[] rtt = new long[total];
    try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.configureBlocking(false);
      ByteBuffer out = ByteBuffer.allocateDirect(8);
      ByteBuffer in = ByteBuffer.allocateDirect(8);
      long start = System.nanoTime();
      int sent = 0;
      int received = 0;
      while (received < total) {
        long now = System.nanoTime();
        if (sent < total && now - start >= sent * 100_000L) {
          out.clear().putLong(now).flip();
          while (out.hasRemaining()) {
            ch.write(out);
          }
          sent++;
        }
        if (ch.read(in) < 0) {
          throw new IOException("the echo server closed the connection");
        }
        if (!in.hasRemaining()) {
          rtt[received++] = System.nanoTime() - in.flip().getLong();
          in.clear();
        }
      }
    }
    long[] w = Arrays.copyOfRange(rtt, warmup, total);
    Arrays.sort(w);
    System.out.printf("echo round trip at 10,000/s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%,d samples)%n",
        w[w.length / 2] / 1e3, w[(int) (w.length * 0.99)] / 1e3, w[(int) (w.length * 0.999)] / 1e3,
        w[w.length - 1] / 1e3, w.length);
  }
}
