package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FlappingAndLoginFailuresTest {
  /** The default numbers, turned on. */
  static final FlappingSettings ON = new FlappingSettings(true, 15, 60_000, 300_000);
  final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  final BanList bans = BanList.inMemory(now::get);
  final List<String> log = new ArrayList<>();

  @Test
  void theSixteenthConnectWithinAMinuteBansTheClientIdForFiveMinutes() {
    FlappingDetector f = new FlappingDetector(ON, bans, log::add);
    for (int i = 0; i < 15; i++) {
      assertThat(f.recordConnect("dev", "10.0.0.1:5", now.addAndGet(3_000))).isEmpty();
    }
    assertThat(f.recordConnect("other", "10.0.0.2:5", now.get())).isEmpty();
    Ban ban = f.recordConnect("dev", "10.0.0.1:5", now.addAndGet(1_000)).orElseThrow();
    assertThat(ban.kind()).isEqualTo(BanKind.CLIENTID);
    assertThat(ban.reason()).isEqualTo("flapping");
    assertThat(ban.untilMillis() - ban.atMillis()).isEqualTo(300_000);
    assertThat(bans.check("dev", null, null)).contains(ban);
    assertThat(bans.check("other", null, null)).isEmpty();
    assertThat(log).singleElement().asString().contains("'dev'", "16 times within 1m", "5m");
    assertThat(f.bansMade()).isEqualTo(1);
    now.addAndGet(300_000);
    assertThat(bans.check("dev", null, null)).isEmpty();
  }

  @Test
  void connectsSpreadOverMoreThanTheWindowAreNotFlapping() {
    FlappingDetector f = new FlappingDetector(ON, bans, log::add);
    for (int i = 0; i < 100; i++) {
      assertThat(f.recordConnect("dev", "h", now.addAndGet(4_100))).isEmpty(); // 15 per 61.5 s at most
    }
    assertThat(bans.list()).isEmpty();
  }

  @Test
  void offByDefaultDetectsNothing() {
    FlappingDetector f = new FlappingDetector(FlappingSettings.DEFAULTS, bans, log::add);
    for (int i = 0; i < 100; i++) {
      assertThat(f.recordConnect("dev", "h", now.get())).isEmpty();
    }
  }

  @Test
  void trackedIdsAreBounded() {
    FlappingDetector f = new FlappingDetector(ON, bans, log::add);
    for (int i = 0; i < FlappingDetector.MAX_TRACKED + 500; i++) {
      f.recordConnect("id-" + i, "h", now.get());
    }
    assertThat(f.tracked()).isEqualTo(FlappingDetector.MAX_TRACKED);
    now.addAndGet(60_000);
    f.recordConnect("late", "h", now.get()); // expired windows go first
    assertThat(f.tracked()).isEqualTo(1);
  }

  @Test
  void elevenFailuresInAMinuteBanTheAddressForTenMinutes() {
    LoginFailures lf = new LoginFailures(AuthenticationBanSettings.DEFAULTS, bans, log::add);
    for (int i = 0; i < 10; i++) {
      assertThat(lf.recordFailure("203.0.113.9:" + (4000 + i), now.addAndGet(1_000))).isEmpty();
    }
    Ban ban = lf.recordFailure("203.0.113.9:5000", now.addAndGet(1_000)).orElseThrow();
    assertThat(ban.kind()).isEqualTo(BanKind.PEERHOST);
    assertThat(ban.value()).isEqualTo("203.0.113.9");
    assertThat(ban.untilMillis() - ban.atMillis()).isEqualTo(600_000);
    assertThat(bans.isAddressBanned(io.berth.core.net.Cidr.parseAddress("203.0.113.9"))).isTrue();
    assertThat(log).singleElement().asString().contains("11 failed logins from 203.0.113.9", "10m");
    assertThat(lf.failures()).isEqualTo(11);
    assertThat(lf.bansMade()).isEqualTo(1);
  }

  @Test
  void aSuccessfulLoginForgivesEarlierFailures() {
    LoginFailures lf = new LoginFailures(AuthenticationBanSettings.DEFAULTS, bans, log::add);
    for (int i = 0; i < 10; i++) {
      lf.recordFailure("[2001:db8::1]:1", now.get());
    }
    lf.recordSuccess("[2001:db8::1]:2");
    for (int i = 0; i < 10; i++) {
      assertThat(lf.recordFailure("2001:db8::1", now.get())).isEmpty();
    }
    assertThat(lf.recordFailure("2001:db8::1", now.get())).isPresent();
  }

  @Test
  void failuresFromAUnixSocketAreCountedButBanNothing() {
    LoginFailures lf = new LoginFailures(AuthenticationBanSettings.DEFAULTS, bans, log::add);
    for (int i = 0; i < 20; i++) {
      assertThat(lf.recordFailure("unix:/run/berth/mqtt.sock", now.get())).isEmpty();
    }
    assertThat(lf.failures()).isEqualTo(20);
    assertThat(bans.list()).isEmpty();
  }
}
