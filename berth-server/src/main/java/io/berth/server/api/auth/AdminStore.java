package io.berth.server.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.server.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The admins and API keys of the management API, in {@code <node.data_dir>/admins.json} (mode 600, rewritten
 * atomically on every change). Reads come from memory; changes are serialized and written before they are visible.
 */
public final class AdminStore {
  public static final String FILE = "admins.json";

  /** The file's contents. */
  record State(List<AdminAccount> admins, List<ApiKey> apiKeys) {
    State {
      admins = admins == null ? List.of() : List.copyOf(admins);
      apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }
  }

  private final Path file;
  private final ObjectMapper mapper;
  private volatile State state;

  private AdminStore(Path file, ObjectMapper mapper, State state) {
    this.file = file;
    this.mapper = mapper;
    this.state = state;
  }

  /** Opens the store of a data directory (empty when the file does not exist yet). */
  public static AdminStore open(Path dataDir, ObjectMapper mapper) throws IOException {
    Path file = dataDir.resolve(FILE);
    State s = Files.exists(file) ? read(file, mapper) : new State(List.of(), List.of());
    return new AdminStore(file, mapper, s);
  }

  private static State read(Path file, ObjectMapper mapper) throws IOException {
    try {
      return mapper.readValue(file.toFile(), State.class);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage().split("\n")[0]
          + " (restore it from a backup, or delete it to create a new admin at the next start)", e);
    }
  }

  public boolean hasAdmins() {
    return !state.admins().isEmpty();
  }

  public Optional<AdminAccount> admin(String username) {
    return state.admins().stream().filter(a -> a.username().equals(username)).findFirst();
  }

  public List<ApiKey> apiKeys() {
    return state.apiKeys();
  }

  public synchronized void addAdmin(AdminAccount a) {
    List<AdminAccount> admins = new ArrayList<>(state.admins());
    admins.add(a);
    save(new State(admins, state.apiKeys()));
  }

  /** Replaces an admin with {@code change} applied to it; returns the new record. */
  public synchronized AdminAccount updateAdmin(String username, UnaryOperator<AdminAccount> change) {
    List<AdminAccount> admins = new ArrayList<>(state.admins());
    for (int i = 0; i < admins.size(); i++) {
      if (admins.get(i).username().equals(username)) {
        AdminAccount next = change.apply(admins.get(i));
        admins.set(i, next);
        save(new State(admins, state.apiKeys()));
        return next;
      }
    }
    throw new IllegalArgumentException("no admin " + username);
  }

  public synchronized void addApiKey(ApiKey k) {
    List<ApiKey> keys = new ArrayList<>(state.apiKeys());
    keys.add(k);
    save(new State(state.admins(), keys));
  }

  /** Removes the keys {@code old} matches and adds {@code next}, in one write (the key of berth ctl, rotated). */
  public synchronized void replaceApiKeys(Predicate<ApiKey> old, ApiKey next) {
    List<ApiKey> keys = new ArrayList<>(state.apiKeys());
    keys.removeIf(old);
    keys.add(next);
    save(new State(state.admins(), keys));
  }

  /** @return whether the key existed */
  public synchronized boolean removeApiKey(String key) {
    List<ApiKey> keys = new ArrayList<>(state.apiKeys());
    boolean removed = keys.removeIf(k -> k.key().equals(key));
    if (removed) {
      save(new State(state.admins(), keys));
    }
    return removed;
  }

  private void save(State next) {
    try {
      SecretFiles.writeAtomically(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(next));
      state = next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
