package io.berth.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A random secret of this installation, kept in a file readable only by the broker's user and created on first use,
 * so that what is derived from it (SCRAM's fake salts for unknown users) stays the same across restarts.
 */
public final class ServerSecret {
  private static final int LENGTH = 32;
  private final Path file;
  private byte[] bytes;

  /** @param file where the secret is kept; null keeps a random one in memory only (tests without a data dir) */
  public ServerSecret(Path file) {
    this.file = file;
  }

  /** The secret, read from or written to the file the first time. */
  public synchronized byte[] bytes() {
    if (bytes == null) {
      bytes = readOrCreate();
    }
    return bytes.clone();
  }

  private byte[] readOrCreate() {
    if (file == null) {
      byte[] random = new byte[LENGTH];
      new SecureRandom().nextBytes(random);
      return random;
    }
    try {
      if (Files.isRegularFile(file)) {
        byte[] b = Files.readAllBytes(file);
        if (b.length >= LENGTH) {
          return b;
        }
      }
      byte[] fresh = new byte[LENGTH];
      new SecureRandom().nextBytes(fresh);
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".secret", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return fresh;
    } catch (FileAlreadyExistsException e) {
      return readOrCreate();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the server secret in " + file + ": " + e.getMessage(), e);
    }
  }
}
