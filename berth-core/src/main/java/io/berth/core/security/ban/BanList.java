package io.berth.core.security.ban;

import io.berth.core.net.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The broker's bans. Lookups ({@link #isAddressBanned} at every accept, {@link #check} at every CONNECT) read an
 * immutable index without a lock; changes rebuild it. An expired ban stops matching at once and is removed at the
 * next lookup that meets it or the next {@link #sweep}. Every change is saved to the {@link BanStore} on {@code
 * saver} (one save for a run of changes), so that an event loop adding a ban never waits for a disk.
 */
public final class BanList {
  /** Told of every ban added (on the thread that added it): closes the banned connections. */
  public interface Listener {
    void banned(Ban ban);
  }

  /** Most bans kept; beyond it new bans are refused (an attacker with many addresses cannot fill memory). */
  public static final int MAX_BANS = 100_000;

  private record Key(BanKind kind, String value) {}

  private final BanStore store;
  private final LongSupplier clockMillis;
  private final Executor saver;
  private final Consumer<String> warnings;
  private final Map<Key, Ban> bans = new LinkedHashMap<>(); // guarded by this
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean savePending = new AtomicBoolean();
  private volatile BanIndex index = BanIndex.EMPTY;

  /**
   * @param saver runs the saves (a single background thread; {@code Runnable::run} in tests)
   * @param warnings where a failed save is reported (one line)
   */
  public BanList(BanStore store, LongSupplier clockMillis, Executor saver, Consumer<String> warnings) {
    this.store = store;
    this.clockMillis = clockMillis;
    this.saver = saver;
    this.warnings = warnings;
  }

  /** Bans kept in memory only. */
  public static BanList inMemory(LongSupplier clockMillis) {
    return new BanList(BanStore.NONE, clockMillis, Runnable::run, w -> { });
  }

  /** Reads the saved bans (at start), dropping the expired ones. */
  public synchronized void load() throws IOException {
    long now = clockMillis.getAsLong();
    for (Ban b : store.load()) {
      if (!b.expiredAt(now)) {
        bans.put(new Key(b.kind(), b.value()), b);
      }
    }
    index = new BanIndex(bans.values());
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  /**
   * Adds a ban, replacing one of the same kind and value; the listeners then close what it bans.
   *
   * @return false when {@link #MAX_BANS} are kept already
   */
  public boolean add(Ban ban) {
    synchronized (this) {
      Key key = new Key(ban.kind(), ban.value());
      if (!bans.containsKey(key) && bans.size() >= MAX_BANS && removeExpired(clockMillis.getAsLong()) == 0) {
        return false;
      }
      bans.remove(key); // re-inserted last: the list stays in the order bans were made
      bans.put(key, ban);
      changed();
    }
    for (Listener l : listeners) {
      l.banned(ban);
    }
    return true;
  }

  /** @return whether there was such a ban; {@code value} is made canonical first ("10.1.0.0/8" is 10.0.0.0/8) */
  public synchronized boolean remove(BanKind kind, String value) {
    String v;
    try {
      v = Ban.canonical(kind, value);
    } catch (IllegalArgumentException e) {
      v = value;
    }
    if (bans.remove(new Key(kind, v)) == null) {
      return false;
    }
    changed();
    return true;
  }

  /** The bans in force, oldest first. */
  public List<Ban> list() {
    long now = clockMillis.getAsLong();
    List<Ban> out = new ArrayList<>();
    for (Ban b : index.all()) {
      if (!b.expiredAt(now)) {
        out.add(b);
      }
    }
    out.sort(Comparator.comparingLong(Ban::atMillis));
    return out;
  }

  /** Whether {@code address} is banned (by address or network). Cheap: called for every accepted connection. */
  public boolean isAddressBanned(InetAddress address) {
    InetAddress a = Cidr.unmapped(address);
    return index.isEmpty() ? false : find(i -> i.address(a)) != null;
  }

  /**
   * The ban that refuses a CONNECT, if any: by client id, user name, address or network, or a regular expression.
   *
   * @param username null when the CONNECT has none
   * @param peerHost the client's address, with or without port ("10.0.0.7", "10.0.0.7:51234", "[::1]:51234")
   */
  public Optional<Ban> check(String clientId, String username, String peerHost) {
    if (index.isEmpty()) {
      return Optional.empty();
    }
    Ban b = clientId == null ? null : find(i -> i.clientId(clientId));
    if (b == null && username != null) {
      b = find(i -> i.username(username));
    }
    InetAddress address = b == null ? Cidr.hostOf(peerHost) : null;
    if (address != null) {
      b = find(i -> i.address(address));
    }
    return Optional.ofNullable(b);
  }

  /** Removes the expired bans (run every few seconds); returns how many. */
  public synchronized int sweep() {
    int n = removeExpired(clockMillis.getAsLong());
    if (n > 0) {
      changed();
    }
    return n;
  }

  /** The ban {@code lookup} finds in force; an expired one met on the way is swept away and the lookup repeated. */
  private Ban find(Function<BanIndex, Ban> lookup) {
    while (true) {
      Ban b = lookup.apply(index);
      if (b == null || !b.expiredAt(clockMillis.getAsLong())) {
        return b;
      }
      sweep();
    }
  }

  private int removeExpired(long now) {
    int before = bans.size();
    bans.values().removeIf(b -> b.expiredAt(now));
    return before - bans.size();
  }

  /** Under the lock: a new index now, a save soon (one for a run of changes). */
  private void changed() {
    index = new BanIndex(bans.values());
    if (savePending.compareAndSet(false, true)) {
      try {
        saver.execute(this::save);
      } catch (RejectedExecutionException e) { // the broker is stopping: a ban made now is not saved
        savePending.set(false);
      }
    }
  }

  private void save() {
    savePending.set(false);
    List<Ban> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(bans.values());
    }
    try {
      store.save(snapshot);
    } catch (IOException | RuntimeException e) {
      warnings.accept("bans could not be saved to " + store + ": " + e.getMessage()
          + " (they stay in force until the broker stops)");
    }
  }
}
