package io.berth.server;

import io.berth.core.security.ban.BanList;
import io.berth.core.security.ban.BanStore;
import io.berth.core.security.ban.Defences;
import io.berth.core.security.ban.FileBanStore;
import io.berth.server.config.BrokerConfig;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the broker's {@link Defences}: bans saved in {@code <node.data_dir>/banned.txt}, loaded at start. */
final class DefencesFactory {
  /** The ban file, in the data directory. */
  static final String BAN_FILE = "banned.txt";
  private static final Logger log = LoggerFactory.getLogger(Defences.class);

  private DefencesFactory() {}

  /**
   * @param saver the thread that writes the ban file
   * @throws IOException the ban file cannot be read (the message names it, and the line)
   */
  static Defences create(BrokerConfig config, Executor saver) throws IOException {
    BanStore store = config.dataDir() == null ? BanStore.NONE : new FileBanStore(config.dataDir().resolve(BAN_FILE));
    BanList bans = new BanList(store, System::currentTimeMillis, saver, log::warn);
    bans.load();
    if (!bans.list().isEmpty()) {
      log.info("{} bans in force (from {})", bans.list().size(), store);
    }
    return new Defences(bans, config.flapping(), config.authenticationBan(), log::warn);
  }
}
