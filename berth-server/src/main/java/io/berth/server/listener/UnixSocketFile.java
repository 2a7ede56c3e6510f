package io.berth.server.listener;

import io.berth.server.config.UnixOptions;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The file of a unix listener: a stale socket left by a broker that died is removed before binding (one that a live
 * process still accepts on is not), its mode is set once bound, and it is deleted when the listener stops.
 */
final class UnixSocketFile {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private final UnixOptions options;

  UnixSocketFile(UnixOptions options) {
    this.options = options;
  }

  /** Epoll's domain sockets on Linux; the JDK's (Java 16+) through NIO elsewhere. */
  static Class<? extends ServerChannel> serverChannelClass(Transport transport) {
    return transport == Transport.EPOLL ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
  }

  /** Makes the directory and clears a stale socket; returns the address to bind. */
  SocketAddress prepare(Transport transport) throws IOException {
    Path path = options.path();
    Path dir = path.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & S_IFMT) != S_IFSOCK) {
        throw new IOException(path + " exists and is not a socket");
      }
      if (isServed(path)) {
        throw new IOException(path + " is in use by another process");
      }
      Files.delete(path); // stale: left by a process that is gone
    }
    return transport == Transport.EPOLL ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
  }

  private static boolean isServed(Path path) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false; // connection refused: nobody accepts on it
    }
  }

  /** After the bind: the configured permissions (umask applied at creation is replaced). */
  void applyMode() throws IOException {
    Files.setPosixFilePermissions(options.path(), options.permissions());
  }

  void delete() {
    try {
      Files.deleteIfExists(options.path());
    } catch (IOException e) {
      // left behind: removed as stale at the next start
    }
  }
}
