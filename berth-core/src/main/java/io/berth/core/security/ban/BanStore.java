package io.berth.core.security.ban;

import java.io.IOException;
import java.util.List;

/** Where bans outlive the broker: a file today ({@link FileBanStore}), the durable store later. */
public interface BanStore {
  /** Every saved ban (expired ones too: the list drops them); empty when nothing was saved yet. */
  List<Ban> load() throws IOException;

  /** Replaces what is saved with {@code bans}, all or nothing. */
  void save(List<Ban> bans) throws IOException;

  /** Nothing is kept: bans last as long as the broker (tests, embedded brokers without a data directory). */
  BanStore NONE = new BanStore() {
    @Override
    public List<Ban> load() {
      return List.of();
    }

    @Override
    public void save(List<Ban> bans) {
      // nowhere to go
    }

    @Override
    public String toString() {
      return "memory";
    }
  };
}
