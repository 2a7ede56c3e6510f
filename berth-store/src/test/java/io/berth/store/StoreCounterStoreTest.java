package io.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.ban.CounterStore;
import io.berth.core.security.ban.CounterWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCounterStoreTest {
  @TempDir
  Path dir;

  private DurableStore open() throws StoreException {
    return DurableStore.open(dir.resolve("data"), SyncMode.BATCH, 100, () -> 5_000);
  }

  @Test
  void eachCounterKeepsItsOwnWindowsAcrossReopeningAndASaveReplacesThem() throws Exception {
    CounterWindow dev = new CounterWindow("dev/ü", 1_000, 3);
    CounterWindow host = new CounterWindow("10.0.0.9", 2_000, 7);
    try (DurableStore store = open()) {
      CounterStore counters = store.counters();
      assertThat(counters.load("flapping")).isEmpty();
      counters.save("flapping", List.of(dev, new CounterWindow("other", 1_500, 1)));
      counters.save("login_failures", List.of(host));
    }
    try (DurableStore store = open()) {
      CounterStore counters = store.counters();
      assertThat(counters.load("flapping")).containsExactlyInAnyOrder(dev, new CounterWindow("other", 1_500, 1));
      assertThat(counters.load("login_failures")).containsExactly(host);
      counters.save("flapping", List.of(dev));
      assertThat(counters.load("flapping")).containsExactly(dev);
      assertThat(counters.load("login_failures")).as("another counter is untouched").containsExactly(host);
    }
  }

  @Test
  void aSaveAfterTheStoreClosedFailsInsteadOfTouchingIt() throws Exception {
    CounterStore counters;
    try (DurableStore store = open()) {
      counters = store.counters();
    }
    assertThatThrownBy(() -> counters.save("flapping", List.of())).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
  }
}
