package io.berth.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** A hand-made WebSocket client (RFC 6455) for hostile and edge cases: the upgrade as text, frames as bytes. */
final class WsClient implements AutoCloseable {
  static final int BINARY = 0x2;
  static final int TEXT = 0x1;
  static final int CONTINUATION = 0x0;
  final Socket socket;
  final InputStream in;
  final OutputStream out;

  WsClient(int port) throws Exception {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends an HTTP request and returns the response head (status line and headers). */
  String request(String path, String... headers) throws Exception {
    StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    out.write(r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** A valid upgrade to {@code path} offering {@code subprotocol} (none when null). */
  String upgrade(String path, String subprotocol) throws Exception {
    return subprotocol == null
        ? request(path, "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
        : request(path, "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol: " + subprotocol);
  }

  /** One masked frame (clients must mask, RFC 6455 §5.3). */
  void frame(int opcode, boolean fin, byte[] payload) throws Exception {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else {
      f.write(0x80 | 126);
      f.write(payload.length >> 8);
      f.write(payload.length & 0xFF);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    f.write(mask);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    out.write(f.toByteArray());
    out.flush();
  }

  /** The payload of the next (unmasked, unfragmented) frame from the broker, with its opcode first. */
  byte[] readFrame() throws Exception {
    int b0 = in.read();
    int len = in.read() & 0x7F;
    if (len == 126) {
      len = (in.read() << 8) | in.read();
    }
    byte[] p = new byte[len + 1];
    p[0] = (byte) (b0 & 0x0F);
    for (int i = 1; i <= len; i++) {
      p[i] = (byte) in.read();
    }
    return p;
  }

  /** True when the broker closes the connection within 5 s (after any last frames). */
  boolean closedByBroker() {
    try {
      while (in.read() != -1) {
        // a Close frame may come first
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws java.io.IOException {
    socket.close();
  }
}
