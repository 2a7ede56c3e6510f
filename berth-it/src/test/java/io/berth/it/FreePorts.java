package io.berth.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A port free on 127.0.0.1 right now, for a listener a test will start there (tests bind to loopback only). */
public final class FreePorts {
  private FreePorts() {}

  public static int next() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
