package io.berth.server.client;

import io.berth.server.client.ClientException.Kind;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what Netty and the JDK throw while connecting into a {@link ClientException} whose words a person can act
 * on: "connection refused", "TLS handshake failed: the server certificate is not trusted", "WebSocket upgrade
 * refused: HTTP 404". JDK TLS and BoringSSL word their errors differently; both are matched.
 */
final class Failures {
  private Failures() {}

  /** @param address "127.0.0.1:1883", "wss://host:8084/mqtt": where we tried to connect */
  static ClientException connecting(String address, Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof ConnectException) {
      return new ClientException(Kind.REFUSED, "cannot connect to " + address + ": connection refused",
          "connection refused");
    }
    if (isTimeout(cause)) {
      return new ClientException(Kind.TIMEOUT, "cannot connect to " + address + ": timed out", "timed out");
    }
    if (cause instanceof WebSocketClientHandshakeException ws) {
      String detail = ws.response() != null ? "HTTP " + ws.response().status().code() + " "
          + ws.response().status().reasonPhrase() : ws.getMessage();
      return new ClientException(Kind.WEBSOCKET, "cannot connect to " + address + ": WebSocket upgrade refused: "
          + detail, detail);
    }
    if (cause instanceof SSLException || hasCertificateProblem(cause)) {
      String detail = tls(cause);
      return new ClientException(Kind.TLS, "cannot connect to " + address + ": TLS handshake failed: " + detail,
          detail);
    }
    if (cause instanceof ClosedChannelException) {
      String detail = "connection closed by the broker during the handshake";
      return new ClientException(Kind.CLOSED, "cannot connect to " + address + ": " + detail, detail);
    }
    if (cause instanceof UnknownHostException) {
      return new ClientException(Kind.OTHER, "cannot connect to " + address + ": unknown host", "unknown host");
    }
    String detail = message(cause);
    return new ClientException(Kind.OTHER, "cannot connect to " + address + ": " + detail, detail);
  }

  /** A failure after the connection was up (a malformed packet, a reset): the cause in a few words. */
  static String why(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof SSLException) {
      return "TLS: " + tls(cause);
    }
    return message(cause);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof DecoderException || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean isTimeout(Throwable t) {
    return t instanceof io.netty.channel.ConnectTimeoutException || t instanceof TimeoutException
        || t instanceof SslHandshakeTimeoutException
        || t instanceof WebSocketClientHandshakeException && String.valueOf(t.getMessage()).contains("timed out");
  }

  private static boolean hasCertificateProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** The TLS failure in words, from the whole chain of causes (the trust manager's reason is deepest). */
  static String tls(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CertificateExpiredException) {
        return "the server certificate has expired";
      }
      if (c instanceof CertificateNotYetValidException) {
        return "the server certificate is not valid yet";
      }
      all.append(' ').append(c.getMessage());
    }
    String m = all.toString().toLowerCase(Locale.ROOT);
    if (m.contains("no subject alternative") || m.contains("no name matching")) {
      return "the server certificate does not name the host we connected to (hostname mismatch)";
    }
    if (m.contains("unknown fingerprint") || m.contains("fingerprint")) {
      return "the server certificate is not the one expected (pinned)";
    }
    if (m.contains("pkix") || m.contains("certification path") || m.contains("unable to get local issuer")
        || m.contains("self signed") || m.contains("self-signed")) {
      return "the server certificate is not trusted (not signed by the CA given, or no CA given)";
    }
    if (m.contains("expired")) {
      return "the server certificate has expired";
    }
    if (m.contains("certificate_required") || m.contains("peer did not return a certificate")) {
      return "the server requires a client certificate";
    }
    if (m.contains("bad_certificate") || m.contains("unknown_ca") || m.contains("certificate_unknown")
        || m.contains("bad certificate") || m.contains("unknown ca")) {
      return "the server refused the client certificate (or its CA)";
    }
    if (m.contains("protocol_version") || m.contains("no appropriate protocol")
        || m.contains("unsupported_protocol")) {
      return "no TLS version in common with the server";
    }
    if (m.contains("handshake_failure") || m.contains("no cipher")) {
      return "no TLS version or cipher in common with the server";
    }
    if (m.contains("wrong_version_number") || m.contains("not an ssl/tls record")
        || m.contains("unrecognized ssl message") || m.contains("http_request")) {
      return "the server does not speak TLS on this port";
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return message(root);
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t instanceof ConnectException) {
      // Netty adds ": /127.0.0.1:1883" to the JDK's "Connection refused".
      int colon = m.indexOf(':');
      return (colon > 0 ? m.substring(0, colon) : m).toLowerCase(Locale.ROOT);
    }
    return m;
  }
}
