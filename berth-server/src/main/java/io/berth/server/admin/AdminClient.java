package io.berth.server.admin;

import io.berth.server.admin.AdminProtocol.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/** Sends one command to a running broker's admin socket and returns its answer ({@code berth ctl}). */
public final class AdminClient {
  private AdminClient() {}

  /** @throws IOException the broker cannot be reached at {@code socket} (not running, another path, no access) */
  public static Response call(Path socket, List<String> words) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      AdminProtocol.writeRequest(Channels.newOutputStream(ch), words);
      return AdminProtocol.readResponse(Channels.newInputStream(ch));
    }
  }
}
