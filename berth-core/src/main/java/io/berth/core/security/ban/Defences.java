package io.berth.core.security.ban;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The broker's bans and what makes them on its own: one object the connection code holds. Accept checks {@code
 * banList().isAddressBanned}; the CONNECT flow calls {@code banList().check}, {@code flapping().recordConnect} and
 * {@code loginFailures().recordFailure / recordSuccess}.
 */
public final class Defences {
  private final BanList banList;
  private final FlappingDetector flapping;
  private final LoginFailures loginFailures;

  /** @param log where automatic bans are reported, one line each */
  public Defences(BanList banList, FlappingSettings flapping, AuthenticationBanSettings authenticationBan,
      Consumer<String> log) {
    this.banList = banList;
    this.flapping = new FlappingDetector(flapping, banList, log);
    this.loginFailures = new LoginFailures(authenticationBan, banList, log);
  }

  /** In memory, flapping detection and brute-force bans off (tests, embedded brokers). */
  public static Defences inMemory(LongSupplier clockMillis) {
    return new Defences(BanList.inMemory(clockMillis), FlappingSettings.DISABLED, AuthenticationBanSettings.DISABLED,
        line -> { });
  }

  public BanList banList() {
    return banList;
  }

  public FlappingDetector flapping() {
    return flapping;
  }

  public LoginFailures loginFailures() {
    return loginFailures;
  }
}
