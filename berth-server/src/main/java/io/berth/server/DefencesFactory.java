package io.berth.server;

import io.berth.core.security.ban.BanList;
import io.berth.core.security.ban.BanStore;
import io.berth.core.security.ban.Defences;
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
}
