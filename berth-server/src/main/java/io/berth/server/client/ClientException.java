package io.berth.server.client;

/**
 * Why a client connection failed or ended, as words: {@link #getMessage()} is the whole sentence ({@code berth pub}
 * prints it), {@link #kind()} and {@link #detail()} let other callers (the API's Tester) word it their way. It carries
 * no stack trace: it is read by people, never logged as a bug.
 */
public final class ClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** Nothing listens on the address (TCP connection refused). */
    REFUSED,
    /** The TLS handshake failed: {@link #detail()} says why in words. */
    TLS,
    /** The WebSocket upgrade was refused: {@link #detail()} has the HTTP status. */
    WEBSOCKET,
    /** No answer in time. */
    TIMEOUT,
    /** The broker answered CONNACK with an error: {@link #reasonCode()}. */
    CONNACK,
    /** The broker closed the connection. */
    CLOSED,
    /** The broker sent DISCONNECT: {@link #reasonCode()}. */
    DISCONNECTED,
    /** Anything else (unknown host, a malformed packet, ...). */
    OTHER
  }

  private final Kind kind;
  private final String detail;
  private final int reasonCode;

  public ClientException(Kind kind, String message, String detail, int reasonCode) {
    super(message, null, false, false);
    this.kind = kind;
    this.detail = detail;
    this.reasonCode = reasonCode;
  }

  public ClientException(Kind kind, String message, String detail) {
    this(kind, message, detail, -1);
  }

  public Kind kind() {
    return kind;
  }

  /** The cause in a few words ("the server certificate is not trusted", "HTTP 404"), without the address. */
  public String detail() {
    return detail;
  }

  /** The CONNACK or DISCONNECT reason code, -1 for the other kinds. */
  public int reasonCode() {
    return reasonCode;
  }
}
