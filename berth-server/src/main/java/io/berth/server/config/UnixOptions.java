package io.berth.server.config;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A unix listener's socket file.
 *
 * @param path where the socket is created ("/run/berth/mqtt.sock")
 * @param mode its permissions as octal digits ("660": owner and group may connect)
 */
public record UnixOptions(Path path, String mode) {
  /** The mode as POSIX permissions. */
  public Set<PosixFilePermission> permissions() {
    int bits = Integer.parseInt(mode, 8);
    StringBuilder s = new StringBuilder();
    String rwx = "rwx";
    for (int i = 8; i >= 0; i--) {
      s.append((bits & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
    }
    return PosixFilePermissions.fromString(s.toString());
  }
}
