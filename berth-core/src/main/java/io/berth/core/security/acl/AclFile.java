package io.berth.core.security.acl;

import io.berth.core.security.Authorizer;
import io.berth.core.security.ClientIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An authorization source read from an ACL file in EMQX acl.conf or Mosquitto acl_file syntax. Loaded at
 * construction; {@link #reloadIfChanged()} swaps in the new rules only when the new file is good. Checks read an
 * immutable snapshot through one volatile field: no locks.
 */
public final class AclFile implements Authorizer {

  /** What is in force: the rules, the digest of the text they came from, and their version. */
  private record Loaded(AclRules rules, AclFormat format, byte[] digest, long version) {}

  private final Path path;
  private final AclFormat configured;
  private volatile Loaded current;

  private AclFile(Path path, AclFormat configured, Loaded first) {
    this.path = path;
    this.configured = configured;
    this.current = first;
  }

  /**
   * Reads and parses the file.
   *
   * @param format EMQX, MOSQUITTO, or AUTO to decide from the content (again at each reload)
   * @throws AclFileException "file:line: what is wrong, expected ..." or "file: cannot be read (...)"
   */
  public static AclFile load(Path path, AclFormat format) throws AclFileException {
    return new AclFile(path, format, read(path, format, 1));
  }

  @Override
  public Decision check(ClientIdentity client, Action action, String topic, int qos, boolean retain) {
    return current.rules.check(client, action, topic, qos, retain);
  }

  @Override
  public long version() {
    return current.version;
  }

  /**
   * Re-reads the file and, when its content changed and parses, puts the new rules in force. Call it from one thread
   * (a reload timer or SIGHUP handler), never from an event loop: it reads a file.
   */
  public synchronized ReloadResult reloadIfChanged() {
    Loaded old = current;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      return new ReloadResult(ReloadResult.Status.FAILED, cannotRead(path, e) + "; the previous rules stay in force");
    }
    if (Arrays.equals(digest(bytes), old.digest)) {
      return ReloadResult.UNCHANGED;
    }
    try {
      current = parse(path, bytes, configured, old.version + 1);
    } catch (AclFileException e) {
      return new ReloadResult(ReloadResult.Status.FAILED, e.getMessage() + "; the previous rules stay in force");
    }
    return new ReloadResult(ReloadResult.Status.RELOADED,
        path + ": " + current.rules.size() + " rules (" + current.format.name().toLowerCase() + " format)");
  }

  public Path path() {
    return path;
  }

  /** The syntax the rules in force were read in (EMQX or MOSQUITTO, never AUTO). */
  public AclFormat format() {
    return current.format;
  }

  public int ruleCount() {
    return current.rules.size();
  }

  /** The rules in force. */
  public AclRules rules() {
    return current.rules;
  }

  private static Loaded read(Path path, AclFormat format, long version) throws AclFileException {
    try {
      return parse(path, Files.readAllBytes(path), format, version);
    } catch (IOException e) {
      throw new AclFileException(cannotRead(path, e));
    }
  }

  private static Loaded parse(Path path, byte[] bytes, AclFormat format, long version) throws AclFileException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    AclFormat effective = format == AclFormat.AUTO ? AclFormat.detect(text) : format;
    AclRules rules = AclRules.parse(text, path.toString(), effective);
    return new Loaded(rules, effective, digest(bytes), version);
  }

  private static String cannotRead(Path path, IOException e) {
    String why = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + ": "
        + e.getMessage();
    return path + ": cannot be read (" + why + "), expected a readable ACL file";
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
