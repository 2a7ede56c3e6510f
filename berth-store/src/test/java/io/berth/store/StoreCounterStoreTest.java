package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.ban.AuthenticationBanSettings;
import io.berth.core.security.ban.BanList;
import io.berth.core.security.ban.CounterStore;
import io.berth.core.security.ban.CounterWindow;
import io.berth.core.security.ban.Defences;
import io.berth.core.security.ban.FlappingSettings;
import io.berth.core.security.ban.SavedCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCounterStoreTest {
  @TempDir
  Path dir;

  private DurableStore open() throws StoreException {
    return DurableStore.open(dir.resolve("data"), SyncMode.BATCH, 100, () -> 5_000);
  }

  @Test
  void eachCounterKeepsItsOwnWindowsAcrossReopeningAndAnUpdateTouchesOnlyTheKeysItNames() throws Exception {
    CounterWindow dev = new CounterWindow("dev/ü", 1_000, 3);
    CounterWindow other = new CounterWindow("other", 1_500, 1);
    CounterWindow host = new CounterWindow("10.0.0.9", 2_000, 7);
    try (DurableStore store = open()) {
      CounterStore counters = store.counters();
      assertThat(counters.load("flapping")).isEmpty();
      counters.update("flapping", List.of(dev, other), List.of());
      counters.update("login_failures", List.of(host), List.of());
    }
    try (DurableStore store = open()) {
      CounterStore counters = store.counters();
      assertThat(counters.load("flapping")).containsExactlyInAnyOrder(dev, other);
      assertThat(counters.load("login_failures")).containsExactly(host);
      CounterWindow devAgain = new CounterWindow("dev/ü", 1_000, 4);
      counters.update("flapping", List.of(devAgain), List.of("other", "never-saved"));
      assertThat(counters.load("flapping")).containsExactly(devAgain);
      assertThat(counters.load("login_failures")).as("another counter is untouched").containsExactly(host);
      counters.update("login_failures", List.of(), List.of("dev/ü"));
      assertThat(counters.load("flapping")).as("a key of another counter is not deleted").containsExactly(devAgain);
    }
  }

  @Test
  void anUpdateAfterTheStoreClosedFailsInsteadOfTouchingIt() throws Exception {
    CounterStore counters;
    try (DurableStore store = open()) {
      counters = store.counters();
    }
    assertThatThrownBy(() -> counters.update("flapping", List.of(), List.of())).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
  }

  /** The saves of a running broker (counted, forgotten, expired), then a restart on the same directory. */
  @Test
  void aRestartGivesBackTheWindowsTheLastSaveLeft() throws Exception {
    AtomicLong now = new AtomicLong(1_700_000_000_000L);
    try (DurableStore store = open()) {
      Defences d = defences(now);
      SavedCounters saved = d.savedCounters(store.counters());
      saved.restore(now.get());
      d.flapping().recordConnect("expires", "h", now.get());
      d.flapping().recordConnect("dev", "h", now.addAndGet(30_000));
      d.loginFailures().recordFailure("10.0.0.9", now.get());
      saved.saveChanged(now.get());
      d.flapping().recordConnect("dev", "h", now.addAndGet(1_000));
      d.loginFailures().recordSuccess("10.0.0.9"); // forgotten
      saved.saveChanged(now.addAndGet(30_000)); // "expires" closed
      assertThat(store.counters().load("flapping")).containsExactly(new CounterWindow("dev", now.get() - 31_000, 2));
      assertThat(store.counters().load("login_failures")).isEmpty();
    }
    try (DurableStore store = open()) {
      Defences d = defences(now);
      d.savedCounters(store.counters()).restore(now.get());
      assertThat(d.flapping().recordConnect("dev", "h", now.get())).as("3rd in the window").isEmpty();
      assertThat(d.flapping().recordConnect("dev", "h", now.get())).as("4th in the window").isPresent();
      assertThat(d.loginFailures().recordFailure("10.0.0.9", now.get())).as("1st failure again").isEmpty();
      assertThat(d.loginFailures().recordFailure("10.0.0.9", now.get())).isEmpty();
      assertThat(d.loginFailures().recordFailure("10.0.0.9", now.get())).as("3rd failure").isPresent();
    }
  }

  private static Defences defences(AtomicLong now) {
    return new Defences(BanList.inMemory(now::get), new FlappingSettings(true, 3, 60_000, 300_000),
        new AuthenticationBanSettings(true, 2, 60_000, 600_000), line -> { });
  }
}
