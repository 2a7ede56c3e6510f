package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;

/**
 * Where clients reach a listener, for the management API's Tester and self-test.
 *
 * @param address the bound address while running (the real port), the last bound one when stopped (or the
 *     configured one if it never ran); null for a unix listener
 * @param certificate the certificate TLS handshakes present now (ssl, wss, quic while running), else null
 */
public record ListenerEndpoint(ListenerConfig config, InetSocketAddress address, boolean running,
    X509Certificate certificate) {}
