package io.berth.server.client;

/**
 * When each step of a connection completed (System.nanoTime, 0 until it has): the TCP connection (for QUIC: the
 * QUIC handshake, TLS included), the TLS handshake, the WebSocket upgrade, the CONNACK. Written by the event loop,
 * read by the caller (the listener self-test shows each step's time, and which step a failure stopped at).
 */
public final class HandshakeTimes {
  private final long start = System.nanoTime();
  private volatile long connected;
  private volatile long tls;
  private volatile long websocket;
  private volatile long connack;

  void connected() {
    connected = System.nanoTime();
  }

  void tls() {
    tls = System.nanoTime();
  }

  void websocket() {
    websocket = System.nanoTime();
  }

  void connack() {
    connack = System.nanoTime();
  }

  public long start() {
    return start;
  }

  public long connectedAt() {
    return connected;
  }

  public long tlsAt() {
    return tls;
  }

  public long websocketAt() {
    return websocket;
  }

  public long connackAt() {
    return connack;
  }
}
