package io.berth.core.security.ban;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The broker's bans and what makes them on its own: one object the connection code holds ({@code
 * BrokerCore.defences()}). Accept checks {@code banList().isAddressBanned} (the server's gate). The CONNECT flow,
 * with {@code peer} the ConnectionInfo's remote address:
 *
 * <ol>
 *   <li>before authentication: {@code banList().check(clientId, username, peer)} present: CONNACK 0x8A Banned (3.1.1:
 *       0x05), close;
 *   <li>authentication refused: {@code loginFailures().recordFailure(peer, now)}; accepted: {@code
 *       loginFailures().recordSuccess(peer)};
 *   <li>accepted: {@code flapping().recordConnect(clientId, peer, now)} present: CONNACK 0x8A (0x05), close. Only
 *       authenticated connections count, so nobody can get another's client id banned without its credentials.
 * </ol>
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

  /** Flapping and failed-login windows kept in {@code store} (see {@link SavedCounters}). */
  public SavedCounters savedCounters(CounterStore store) {
    return new SavedCounters(store, Map.of("flapping", flapping.counter(), "login_failures", loginFailures.counter()));
  }
}
