package io.berth.server.connection;

import io.berth.core.BrokerCore;
import io.berth.core.MqttSettings;
import io.berth.core.security.ListenerSecurity;
import io.berth.server.listener.RefusalLog;

/**
 * What every {@link MqttConnection} of one listener configuration shares: one reference per connection instead of
 * eight.
 *
 * @param security who may connect through this listener and what they may do
 * @param listenerId the listener, "tcp:default"
 * @param refusals where connections that are not MQTT or whose CONNECT is refused are logged (rate-limited), or null
 * @param publishCaches where QoS 0 PUBLISH packets are encoded once per event loop and shared among the message's
 *     subscribers, or null to encode each for itself
 * @param deadlines the broker's per-loop sweeps of CONNECT timeouts and Keep Alive
 * @param loops the broker's event loops as the core sees them
 */
public record ConnectionShared(BrokerCore broker, MqttSettings settings, ListenerSecurity security, String listenerId,
    RefusalLog refusals, EncodedPublishCaches publishCaches, ReadDeadlines deadlines, NettyLoops loops) {}
