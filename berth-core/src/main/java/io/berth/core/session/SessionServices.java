package io.berth.core.session;

import io.berth.core.BrokerCounters;
import io.berth.core.persist.SessionJournal;

/**
 * What every session of a registry uses: where persistent sessions are written and where dropped messages are
 * counted. One reference per session instead of two.
 */
record SessionServices(SessionJournal journal, BrokerCounters counters) {}
