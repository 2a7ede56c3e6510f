package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a TLS listener's files hold right now, as one SHA-256 over their bytes: a changed fingerprint means a
 * certificate, key or CA file was replaced. Contents, not modification times: a file rewritten within the clock's
 * granularity, or replaced by a symbolic link to an older file (certbot), is still noticed.
 */
final class TlsFiles {
  private TlsFiles() {}

  /**
   * The files of {@code o} that a context is built from: certfile, keyfile, and with verify_peer cacertfile and
   * crlfile (a new CRL is picked up like a new certificate).
   */
  static List<Path> of(TlsOptions o) {
    List<Path> files = new ArrayList<>(List.of(o.certfile(), o.keyfile()));
    if (o.verifyPeer() && o.cacertfile() != null) {
      files.add(o.cacertfile());
    }
    if (o.verifyPeer() && o.crlfile() != null) {
      files.add(o.crlfile());
    }
    return files;
  }

  /** Hex SHA-256 of every file's bytes in turn; an unreadable file counts as "missing" (and changes the sum). */
  static String fingerprint(TlsOptions o) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    for (Path file : of(o)) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        bytes = ("missing " + file).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      sha.update(Long.toString(bytes.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
