package io.berth.core.security.acl;

/**
 * An ACL file that cannot be used. {@link #getMessage()} is the whole user-facing text, one line:
 * "etc/acl.conf:12: what is wrong, expected what is allowed".
 */
public final class AclFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public AclFileException(String message) {
    // No cause and no stack trace: the message says everything the operator needs.
    super(message, null, false, false);
  }

  static AclFileException at(String file, int line, String what) {
    return new AclFileException(file + ":" + line + ": " + what);
  }
}
