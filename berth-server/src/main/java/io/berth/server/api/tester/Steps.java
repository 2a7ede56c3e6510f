package io.berth.server.api.tester;

import io.berth.server.client.HandshakeTimes;
import java.util.ArrayList;
import java.util.List;

/** The steps of one self-test as they happen, in order; which steps the handshake has depends on the listener type. */
final class Steps {
  private static final List<String> AFTER_CONNACK = List.of("subscribe", "publish", "receive");
  private final List<String> handshake;
  private final List<Step> done = new ArrayList<>();

  Steps(String listenerType) {
    handshake = switch (listenerType) {
      case "ssl", "quic" -> List.of("connect", "tls", "connack");
      case "ws" -> List.of("connect", "websocket", "connack");
      case "wss" -> List.of("connect", "tls", "websocket", "connack");
      default -> List.of("connect", "connack"); // tcp, unix
    };
  }

  /**
   * The handshake's steps from the times they completed; with {@code failure}, the first step without a time (or
   * the CONNACK, when it came but refused) is the failed one and the steps after it are not shown.
   */
  void handshake(HandshakeTimes times, String failure) {
    long previous = times.start();
    for (String step : handshake) {
      long at = switch (step) {
        case "connect" -> times.connectedAt();
        case "tls" -> times.tlsAt();
        case "websocket" -> times.websocketAt();
        default -> times.connackAt();
      };
      boolean last = step.equals("connack");
      if (at == 0 || failure != null && last) {
        done.add(new Step(step, false, millis(previous, at == 0 ? System.nanoTime() : at), failure));
        return;
      }
      done.add(new Step(step, true, millis(previous, at), detail(step)));
      previous = at;
    }
  }

  private static String detail(String step) {
    return switch (step) {
      case "connect" -> "connected";
      case "tls" -> "TLS handshake done";
      case "websocket" -> "WebSocket upgrade accepted";
      default -> "CONNACK 0x00 Success";
    };
  }

  void ok(String step, long fromNanos, long toNanos, String detail) {
    done.add(new Step(step, true, millis(fromNanos, toNanos), detail));
  }

  /** Records the failed step; returns its detail (the self-test's error). */
  String fail(String step, long sinceNanos, String detail) {
    done.add(new Step(step, false, millis(sinceNanos, System.nanoTime()), detail));
    return detail;
  }

  /** The first round-trip step not done yet. */
  String next() {
    for (String s : AFTER_CONNACK) {
      if (done.stream().noneMatch(d -> d.step().equals(s))) {
        return s;
      }
    }
    return "receive";
  }

  List<Step> list() {
    return List.copyOf(done);
  }

  private static long millis(long from, long to) {
    return Math.max(0, (to - from) / 1_000_000);
  }
}
