package io.berth.server.listener;

/**
 * A listener operation that was refused or failed, with a one-line message for the operator ("listener tcp:x:
 * cannot bind 0.0.0.0:1883: address already in use or not available"). The running state is as it was before.
 */
public final class ListenerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, for callers that answer with a status (the REST API: 404, 409, 400). */
  public enum Kind {
    /** No listener with that id. */
    NOT_FOUND,
    /** The id exists already (add). */
    EXISTS,
    /** The listener could not start or change: bind, certificate files. */
    FAILED
  }

  private final Kind kind;

  public ListenerException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
