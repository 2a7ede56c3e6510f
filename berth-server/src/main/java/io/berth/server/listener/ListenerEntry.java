package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;

/** One id of the {@link ListenerManager}: its configuration, its gate (kept across updates), the listener running. */
final class ListenerEntry {
  ListenerConfig config;
  final ConnectionGate gate;
  Listener running;

  ListenerEntry(ListenerConfig config, ConnectionGate gate) {
    this.config = config;
    this.gate = gate;
  }
}
