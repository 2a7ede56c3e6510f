package io.berth.server.admin;

import io.berth.server.admin.AdminProtocol.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local admin channel: a Unix domain socket ({@code admin.socket}) that {@code berth ctl} talks to. It cannot be
 * reached from another machine, and its file has mode 600, so only the broker's user (and root) may use it. One
 * short-lived thread per request; requests are rare.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final Path path;
  private final ServerSocketChannel server;
  private final Function<List<String>, Response> handler;
  private final Thread acceptor;

  private AdminServer(Path path, ServerSocketChannel server, Function<List<String>, Response> handler) {
    this.path = path;
    this.server = server;
    this.handler = handler;
    this.acceptor = new Thread(this::acceptLoop, "berth-admin");
    acceptor.setDaemon(true);
  }

  /**
   * Listens on {@code path}; a file left there by a broker that did not stop cleanly is replaced, but a socket
   * another running broker answers on is not.
   */
  public static AdminServer open(Path path, Function<List<String>, Response> handler) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    if (Files.exists(path)) {
      if (answers(path)) {
        throw new IOException("admin.socket = \"" + path + "\": another running broker uses it; give this one"
            + " another path (or \"\" for none)");
      }
      Files.delete(path);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      restrict(path);
    } catch (IOException e) {
      server.close();
      throw new IOException("admin.socket = \"" + path + "\": cannot listen there: " + e.getMessage(), e);
    }
    AdminServer admin = new AdminServer(path, server, handler);
    admin.acceptor.start();
    log.info("  admin socket {} (berth ctl)", path);
    return admin;
  }

  private static boolean answers(Path path) {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    }
  }

  public Path path() {
    return path;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread t = new Thread(() -> serve(client), "berth-admin-request");
        t.setDaemon(true);
        t.start();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.warn("admin socket: {}", e.toString());
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client) {
      List<String> words = AdminProtocol.readRequest(Channels.newInputStream(client));
      if (words == null) {
        return;
      }
      Response response;
      try {
        response = handler.apply(words);
      } catch (RuntimeException e) {
        log.error("admin command {} failed", words, e);
        response = Response.error("unexpected error in the broker: " + e);
      }
      AdminProtocol.writeResponse(Channels.newOutputStream(client), response);
    } catch (IOException e) {
      log.debug("admin socket client: {}", e.toString());
    }
  }

  /** Stops listening and removes the socket file. */
  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("admin socket {}: {}", path, e.toString());
    }
  }
}
