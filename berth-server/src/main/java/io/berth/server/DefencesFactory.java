package io.berth.server;

import io.berth.core.security.ban.BanList;
import io.berth.core.security.ban.BanStore;
import io.berth.core.security.ban.CounterStore;
import io.berth.core.security.ban.Defences;
import io.berth.core.security.ban.SavedCounters;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.berth.core.security.ban.FileBanStore;
import io.berth.server.config.BrokerConfig;
import io.berth.store.DurableStore;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker's {@link Defences}: bans saved in the durable store when durability is on (sync batch or
 * interval), else in {@code <node.data_dir>/banned.txt}; loaded at start.
 */
final class DefencesFactory {
  /** The ban file, in the data directory. */
  static final String BAN_FILE = "banned.txt";
  /** The flapping and failed-login windows that changed are saved this often (and at shutdown). */
  static final long COUNTER_SAVE_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(Defences.class);

  private DefencesFactory() {}

  /**
   * @param saver the thread that writes the bans
   * @param durable the durable store, or null (durability.sync = none)
   * @throws IOException the ban file cannot be read (the message names it, and the line)
   */
  static Defences create(BrokerConfig config, Executor saver, DurableStore durable) throws IOException {
    BanStore file = config.dataDir() == null ? BanStore.NONE : new FileBanStore(config.dataDir().resolve(BAN_FILE));
    // With a durable store the bans live in it; a ban file left by a run without durability is read once.
    BanStore store = durable == null ? file : durable.bans(file);
    BanList bans = new BanList(store, System::currentTimeMillis, saver, log::warn);
    bans.load();
    if (!bans.list().isEmpty()) {
      log.info("{} bans in force (from {})", bans.list().size(), store);
    }
    return new Defences(bans, config.flapping(), config.authenticationBan(), log::warn);
  }

  /**
   * Puts the flapping and failed-login windows saved by the last run back (durable store only; with durability.sync
   * = none they start afresh) and saves the windows that changed every {@link #COUNTER_SAVE_SECONDS} s.
   *
   * @throws IOException the store's counters do not decode (the message says what to do)
   */
  static SavedCounters keepCounters(Defences defences, DurableStore durable, ScheduledExecutorService thread)
      throws IOException {
    SavedCounters counters = defences.savedCounters(durable == null ? CounterStore.NONE : durable.counters());
    counters.restore(System.currentTimeMillis());
    thread.scheduleWithFixedDelay(() -> saveCounters(counters), COUNTER_SAVE_SECONDS, COUNTER_SAVE_SECONDS,
        TimeUnit.SECONDS);
    return counters;
  }

  /** Saves the windows that changed; a failure is logged (the changes are kept in memory and saved next time). */
  static void saveCounters(SavedCounters counters) {
    try {
      counters.saveChanged(System.currentTimeMillis());
    } catch (IOException e) {
      log.warn("{}", e.getMessage());
    }
  }
}
