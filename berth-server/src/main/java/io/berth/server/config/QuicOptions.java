package io.berth.server.config;

/**
 * A quic listener's transport settings (names as EMQX 5's quic listener has them). The TLS settings are the
 * listener's {@link TlsOptions}: QUIC always runs TLS 1.3 (RFC 9001).
 *
 * @param idleTimeoutMillis the QUIC max_idle_timeout (RFC 9000 §10.1): a connection silent this long is closed
 * @param handshakeTimeoutMillis a handshake not complete within this time closes the connection
 * @param peerBidiStreamCount bidirectional streams a client may open (RFC 9000 §4.6): the control stream + data
 *     streams
 * @param streamRecvWindow bytes a client may send on one stream before the broker reads them (RFC 9000 §4.1)
 * @param connFlowControlWindow bytes a client may send on all its streams together (initial_max_data)
 * @param addressValidation answer a first Initial without a token with a Retry (RFC 9000 §8.1.2)
 */
public record QuicOptions(
    long idleTimeoutMillis,
    long handshakeTimeoutMillis,
    long peerBidiStreamCount,
    long streamRecvWindow,
    long connFlowControlWindow,
    boolean addressValidation) {}
