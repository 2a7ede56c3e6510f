package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request body over the API's bound, sent the way a client on a slow link sends it (headers first, the body in
 * pieces after), gets its 413: before the API read what the client sent, the connection was closed with the body
 * unread, the kernel reset it, and such a client saw a broken pipe instead of the answer (39 times in 40).
 */
class ApiOversizedBodyTest {
  @TempDir static Path dir;
  static ApiBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = ApiBroker.start(dir, "");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aSlowOversizedBodyGetsThe413() throws Exception {
    URI base = URI.create(broker.api.base());
    byte[] body = ("{\"username\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v5/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(50); // the API answers before the body arrives
        for (int from = 0; from < body.length; from += 8192) {
          out.write(Arrays.copyOfRange(body, from, Math.min(body.length, from + 8192)));
          out.flush();
          Thread.sleep(2);
        }
        assertThat(statusLine(s.getInputStream())).isEqualTo("HTTP/1.1 413 Payload Too Large");
      }
    }
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != -1 && c != '\r'; ) {
      line.append((char) c);
    }
    return line.toString();
  }
}
