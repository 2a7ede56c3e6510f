package io.berth.server.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** A TLS handshake between two SSLEngines in memory, no sockets: whichever engine fails first says why. */
final class EngineHandshake {
  private EngineHandshake() {}

  /** Null when both sides finished the handshake; otherwise the first failure, e.g. the server's certificate check. */
  static SSLException run(SSLEngine client, SSLEngine server) {
    ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    ByteBuffer app = ByteBuffer.allocate(1 << 17);
    ByteBuffer empty = ByteBuffer.allocate(0);
    try {
      client.beginHandshake();
      server.beginHandshake();
      for (int round = 0; round < 100; round++) {
        client.wrap(empty, toServer);
        tasks(client);
        toServer.flip();
        server.unwrap(toServer, app);
        toServer.compact();
        tasks(server);
        server.wrap(empty, toClient);
        tasks(server);
        toClient.flip();
        client.unwrap(toClient, app);
        toClient.compact();
        tasks(client);
        if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
          return null;
        }
        app.clear();
      }
      throw new IllegalStateException("handshake did not finish");
    } catch (SSLException e) {
      return e;
    }
  }

  private static boolean done(SSLEngine e) {
    HandshakeStatus s = e.getHandshakeStatus();
    return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
  }

  private static void tasks(SSLEngine e) {
    for (Runnable t = e.getDelegatedTask(); t != null; t = e.getDelegatedTask()) {
      t.run();
    }
  }
}
