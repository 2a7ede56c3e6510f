package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The flapping and failed-login windows saved by one broker and read back by the next. */
class SavedCountersTest {
  final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  final List<String> log = new ArrayList<>();
  final MemoryCounters disk = new MemoryCounters();

  /** A CounterStore in a map, counting its saves. */
  static final class MemoryCounters implements CounterStore {
    final Map<String, List<CounterWindow>> saved = new HashMap<>();
    int saves;

    @Override
    public List<CounterWindow> load(String counter) {
      return saved.getOrDefault(counter, List.of());
    }

    @Override
    public void save(String counter, List<CounterWindow> windows) {
      saved.put(counter, List.copyOf(windows));
      saves++;
    }
  }

  private Defences defences() {
    return new Defences(BanList.inMemory(now::get), new FlappingSettings(true, 3, 60_000, 300_000),
        new AuthenticationBanSettings(true, 2, 60_000, 600_000), log::add);
  }

  @Test
  void aRestartedBrokerGoesOnCountingWhereTheLastOneStopped() throws Exception {
    Defences first = defences();
    SavedCounters saved = first.savedCounters(disk);
    saved.restore(now.get());
    first.flapping().recordConnect("dev", "10.0.0.1", now.get());
    first.flapping().recordConnect("dev", "10.0.0.1", now.addAndGet(1_000));
    first.flapping().recordConnect("dev", "10.0.0.1", now.addAndGet(1_000));
    first.loginFailures().recordFailure("10.0.0.9:4000", now.get());
    first.loginFailures().recordFailure("10.0.0.9:4000", now.get());
    saved.saveChanged(now.get());
    assertThat(disk.saved.get("flapping")).containsExactly(new CounterWindow("dev", now.get() - 2_000, 3));
    assertThat(disk.saved.get("login_failures")).containsExactly(new CounterWindow("10.0.0.9", now.get(), 2));

    Defences second = defences();
    second.savedCounters(disk).restore(now.addAndGet(10_000));
    assertThat(second.flapping().recordConnect("dev", "10.0.0.1", now.get())).as("4th in the window").isPresent();
    assertThat(second.loginFailures().recordFailure("10.0.0.9", now.get())).as("3rd failure").isPresent();
  }

  @Test
  void windowsThatClosedWhileTheBrokerWasDownAreNotRestored() throws Exception {
    Defences first = defences();
    SavedCounters saved = first.savedCounters(disk);
    for (int i = 0; i < 3; i++) {
      first.flapping().recordConnect("dev", "h", now.get());
    }
    saved.saveChanged(now.get());
    Defences second = defences();
    second.savedCounters(disk).restore(now.addAndGet(60_000)); // the window is over
    assertThat(second.flapping().recordConnect("dev", "h", now.get())).isEmpty();
    assertThat(second.flapping().tracked()).isEqualTo(1);
  }

  @Test
  void onlyChangedCountersAreSaved() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    saved.restore(now.get());
    saved.saveChanged(now.get());
    assertThat(disk.saves).isZero();
    d.flapping().recordConnect("dev", "h", now.get());
    saved.saveChanged(now.get());
    saved.saveChanged(now.get());
    assertThat(disk.saves).isEqualTo(1);
    d.loginFailures().recordSuccess("10.1.1.1"); // nothing to forget: no change
    saved.saveChanged(now.get());
    assertThat(disk.saves).isEqualTo(1);
  }
}
