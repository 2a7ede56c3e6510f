package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The flapping and failed-login windows saved by one broker and read back by the next. */
class SavedCountersTest {
  final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  final List<String> log = new ArrayList<>();
  final MemoryCounters disk = new MemoryCounters();

  /** One call of {@link CounterStore#update}, as given. */
  record Update(String counter, List<CounterWindow> changed, List<String> gone) {}

  /**
   * A CounterStore in maps, keeping each update it was given; {@code failing} makes updates fail untouched, and
   * {@code duringUpdate} runs in each update before it is applied (events counted while a save is underway).
   */
  static final class MemoryCounters implements CounterStore {
    final Map<String, Map<String, CounterWindow>> saved = new HashMap<>();
    final List<Update> updates = new ArrayList<>();
    boolean failing;
    Runnable duringUpdate = () -> { };

    @Override
    public List<CounterWindow> load(String counter) {
      return List.copyOf(saved.getOrDefault(counter, Map.of()).values());
    }

    @Override
    public void update(String counter, List<CounterWindow> changed, Collection<String> gone) throws IOException {
      duringUpdate.run();
      if (failing) {
        throw new IOException("disk full");
      }
      updates.add(new Update(counter, List.copyOf(changed), List.copyOf(gone)));
      Map<String, CounterWindow> windows = saved.computeIfAbsent(counter, c -> new TreeMap<>());
      changed.forEach(w -> windows.put(w.key(), w));
      gone.forEach(windows::remove);
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
    assertThat(disk.load("flapping")).containsExactly(new CounterWindow("dev", now.get() - 2_000, 3));
    assertThat(disk.load("login_failures")).containsExactly(new CounterWindow("10.0.0.9", now.get(), 2));

    Defences second = defences();
    second.savedCounters(disk).restore(now.addAndGet(10_000));
    assertThat(second.flapping().recordConnect("dev", "10.0.0.1", now.get())).as("4th in the window").isPresent();
    assertThat(second.loginFailures().recordFailure("10.0.0.9", now.get())).as("3rd failure").isPresent();
  }

  @Test
  void windowsThatClosedWhileTheBrokerWasDownAreNotRestoredAndAreDeletedByTheNextSave() throws Exception {
    Defences first = defences();
    SavedCounters saved = first.savedCounters(disk);
    for (int i = 0; i < 3; i++) {
      first.flapping().recordConnect("dev", "h", now.get());
    }
    saved.saveChanged(now.get());
    Defences second = defences();
    SavedCounters again = second.savedCounters(disk);
    again.restore(now.addAndGet(60_000)); // the window is over
    assertThat(second.flapping().tracked()).isZero();
    again.saveChanged(now.get());
    assertThat(disk.updates).last().isEqualTo(new Update("flapping", List.of(), List.of("dev")));
    assertThat(disk.load("flapping")).isEmpty();
    assertThat(second.flapping().recordConnect("dev", "h", now.get())).isEmpty();
    assertThat(second.flapping().tracked()).isEqualTo(1);
  }

  @Test
  void onlyChangedCountersAreSaved() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    saved.restore(now.get());
    saved.saveChanged(now.get());
    assertThat(disk.updates).isEmpty();
    d.flapping().recordConnect("dev", "h", now.get());
    saved.saveChanged(now.get());
    saved.saveChanged(now.get());
    assertThat(disk.updates).hasSize(1);
    d.loginFailures().recordSuccess("10.1.1.1"); // nothing to forget: no change
    saved.saveChanged(now.get());
    assertThat(disk.updates).hasSize(1);
  }

  @Test
  void aSaveAfterOneMoreEventWritesOnlyThatKey() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    for (int i = 0; i < 1_000; i++) {
      d.flapping().recordConnect("id-" + i, "h", now.get());
    }
    saved.saveChanged(now.get());
    assertThat(disk.updates).singleElement().extracting(u -> u.changed().size()).isEqualTo(1_000);

    d.flapping().recordConnect("id-7", "h", now.addAndGet(1_000));
    saved.saveChanged(now.get());
    assertThat(disk.updates).hasSize(2).last()
        .isEqualTo(new Update("flapping", List.of(new CounterWindow("id-7", now.get() - 1_000, 2)), List.of()));
    assertThat(disk.load("flapping")).hasSize(1_000).contains(new CounterWindow("id-7", now.get() - 1_000, 2));
  }

  @Test
  void aForgottenKeyAndAnExpiredWindowAreDeletedByTheNextSave() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    d.flapping().recordConnect("early", "h", now.get());
    d.flapping().recordConnect("late", "h", now.addAndGet(30_000));
    d.loginFailures().recordFailure("10.0.0.9", now.get());
    saved.saveChanged(now.get());
    assertThat(disk.load("flapping")).extracting(CounterWindow::key).containsExactly("early", "late");

    d.loginFailures().recordSuccess("10.0.0.9"); // forgiven: forgotten
    now.addAndGet(30_000); // "early" closes, "late" stays open
    saved.saveChanged(now.get());
    assertThat(disk.load("login_failures")).isEmpty();
    assertThat(disk.load("flapping")).extracting(CounterWindow::key).containsExactly("late");
    assertThat(disk.updates).contains(new Update("login_failures", List.of(), List.of("10.0.0.9")),
        new Update("flapping", List.of(), List.of("early")));
  }

  @Test
  void aFailedSaveIsRetriedByTheNextOne() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    d.flapping().recordConnect("kept", "h", now.get());
    d.flapping().recordConnect("forgotten", "h", now.get());
    saved.saveChanged(now.get());

    disk.failing = true;
    d.flapping().recordConnect("kept", "h", now.addAndGet(1_000));
    d.flapping().recordConnect("new", "h", now.get());
    d.flapping().recordConnect("forgotten", "h", now.get());
    d.flapping().recordConnect("forgotten", "h", now.get());
    assertThat(d.flapping().recordConnect("forgotten", "h", now.get())).as("the 4th: banned, its window forgotten")
        .isPresent();
    assertThatThrownBy(() -> saved.saveChanged(now.get())).isInstanceOf(IOException.class);
    assertThat(disk.load("flapping")).as("untouched").hasSize(2);

    disk.failing = false;
    saved.saveChanged(now.get());
    assertThat(disk.updates).as("the failed save whole, in one update").hasSize(2).last().isEqualTo(
        new Update("flapping", List.of(new CounterWindow("kept", now.get() - 1_000, 2),
            new CounterWindow("new", now.get(), 1)), List.of("forgotten")));
    assertThat(disk.load("flapping")).containsExactlyInAnyOrder(
        new CounterWindow("kept", now.get() - 1_000, 2), new CounterWindow("new", now.get(), 1));
  }

  @Test
  void aFailedSaveIsRetriedMergedWithWhatChangedWhileItFailed() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    LoginFailures failures = d.loginFailures();
    failures.recordFailure("10.0.0.1", now.get());
    failures.recordFailure("10.0.0.2", now.get());
    saved.saveChanged(now.get());

    failures.recordFailure("10.0.0.1", now.addAndGet(1_000));
    disk.failing = true;
    disk.duringUpdate = () -> {
      failures.recordSuccess("10.0.0.1"); // its window forgotten, then a new one opened
      failures.recordFailure("10.0.0.1", now.get());
      failures.recordSuccess("10.0.0.2");
      failures.recordFailure("10.0.0.3", now.get());
    };
    assertThatThrownBy(() -> saved.saveChanged(now.get())).isInstanceOf(IOException.class);
    disk.failing = false;
    disk.duringUpdate = () -> { };
    saved.saveChanged(now.get());
    assertThat(disk.updates).hasSize(2).last().isEqualTo(new Update("login_failures",
        List.of(new CounterWindow("10.0.0.1", now.get(), 1), new CounterWindow("10.0.0.3", now.get(), 1)),
        List.of("10.0.0.2")));

    failures.recordSuccess("10.0.0.1");
    failures.recordSuccess("10.0.0.3");
    saved.saveChanged(now.get());
    assertThat(disk.load("login_failures")).isEmpty();
  }

  @Test
  void windowsForgottenOrReplacedWhileASaveIsUnderwayAreDeletedWhenTheyGo() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    LoginFailures failures = d.loginFailures();
    failures.recordFailure("10.0.0.1", now.get());
    failures.recordFailure("10.0.0.2", now.get());
    long firstStart = now.get();
    disk.duringUpdate = () -> {
      failures.recordSuccess("10.0.0.1"); // forgotten while the store takes its first window
      failures.recordSuccess("10.0.0.2");
      failures.recordFailure("10.0.0.2", now.addAndGet(1_000)); // and replaced
    };
    saved.saveChanged(now.get());
    assertThat(disk.load("login_failures")).containsExactlyInAnyOrder(
        new CounterWindow("10.0.0.1", firstStart, 1), new CounterWindow("10.0.0.2", firstStart, 1));
    disk.duringUpdate = () -> { };

    saved.saveChanged(now.get());
    assertThat(disk.updates).last().isEqualTo(new Update("login_failures",
        List.of(new CounterWindow("10.0.0.2", now.get(), 1)), List.of("10.0.0.1")));
    failures.recordSuccess("10.0.0.2");
    saved.saveChanged(now.get());
    assertThat(disk.updates).last().isEqualTo(new Update("login_failures", List.of(), List.of("10.0.0.2")));
    assertThat(disk.load("login_failures")).isEmpty();
  }

  @Test
  void keysEvictedBeyondTheLimitAreDeletedFromTheStore() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    d.flapping().recordConnect("first", "h", now.get());
    saved.saveChanged(now.get());
    for (int i = 0; i < FlappingDetector.MAX_TRACKED; i++) {
      d.flapping().recordConnect("id-" + i, "h", now.get() + 1); // the last one evicts "first"
    }
    assertThat(d.flapping().tracked()).isEqualTo(FlappingDetector.MAX_TRACKED);
    saved.saveChanged(now.get() + 1);
    assertThat(disk.updates).last().satisfies(u -> {
      assertThat(u.gone()).containsExactly("first");
      assertThat(u.changed()).hasSize(FlappingDetector.MAX_TRACKED);
    });
    assertThat(disk.load("flapping")).hasSize(FlappingDetector.MAX_TRACKED)
        .noneMatch(w -> w.key().equals("first"));
  }

  @Test
  void aKeyThatNeverReachedTheStoreIsNotDeletedFromIt() throws Exception {
    Defences d = defences();
    SavedCounters saved = d.savedCounters(disk);
    disk.failing = true;
    d.flapping().recordConnect("brief", "h", now.get());
    assertThatThrownBy(() -> saved.saveChanged(now.get())).isInstanceOf(IOException.class);
    now.addAndGet(60_000); // its window closes before any save made it
    disk.failing = false;
    saved.saveChanged(now.get());
    assertThat(disk.updates).as("nothing to write, nothing to delete").isEmpty();
  }
}
