package io.berth.core.router;

import io.berth.core.Message;
import java.util.List;

/**
 * Retained messages, one per topic (MQTT 3.3.1.3). An in-memory implementation lives here; a durable one will
 * implement the same interface.
 */
public interface RetainedStore {

  /** Keeps {@code message} (taking its own reference) as the topic's retained message, replacing any other. */
  void put(Message message);

  /** Drops the topic's retained message [MQTT-3.3.1-10]. */
  void remove(String topic);

  /** The retained messages matching a topic filter, each retained once for the caller, who must release it. */
  List<Message> match(String filter);

  int size();

  /** Every retained topic at this instant ($-topics included), in no order: for the management API's listing. */
  List<String> topics();

  /** Broker shutdown: releases what the store holds in memory (a durable store also flushes and closes). */
  void close();
}
