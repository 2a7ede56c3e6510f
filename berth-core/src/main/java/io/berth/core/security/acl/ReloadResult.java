package io.berth.core.security.acl;

/**
 * What {@link AclFile#reloadIfChanged()} did.
 *
 * @param message for FAILED the file:line error (the old rules stay in force), for RELOADED a summary, else empty
 */
public record ReloadResult(Status status, String message) {

  public enum Status {
    /** The file's content is what was loaded last. */
    UNCHANGED,
    /** New rules are in force and {@link AclFile#version()} changed. */
    RELOADED,
    /** The file cannot be read or parsed: the previous rules stay in force. */
    FAILED
  }

  static final ReloadResult UNCHANGED = new ReloadResult(Status.UNCHANGED, "");
}
