package io.berth.core.admin;

import io.berth.core.EventLoopRef;
import io.berth.core.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads sessions on their home loops, where their state may be read without a race: one task per loop for all the
 * sessions it holds (not one per session), and the caller waits a bounded time. A session that moved to another loop
 * meanwhile (a takeover) is read on its new home in a second round; ended sessions are left out.
 */
final class LoopReads {
  private final long timeoutMillis;

  LoopReads(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** What each loop answered for one round. */
  private record Round<T>(List<T> read, List<Session> moved) {}

  /**
   * @throws LoopTimeoutException a loop did not answer in time, or is shut down
   */
  <T> List<T> read(Collection<Session> sessions, Function<Session, T> reader) {
    List<T> out = new ArrayList<>();
    Collection<Session> pending = sessions;
    for (int round = 0; round < 2 && !pending.isEmpty(); round++) {
      List<Session> moved = new ArrayList<>();
      for (CompletableFuture<Round<T>> f : submit(pending, reader)) {
        Round<T> r = await(f);
        out.addAll(r.read());
        moved.addAll(r.moved());
      }
      pending = moved;
    }
    return out;
  }

  /** Runs {@code action} on the session's home loop and waits for it (a kick). */
  void run(Session s, Consumer<Session> action) {
    read(List.of(s), x -> {
      action.accept(x);
      return Boolean.TRUE;
    });
  }

  private <T> List<CompletableFuture<Round<T>>> submit(Collection<Session> sessions, Function<Session, T> reader) {
    // by equality: one loop may be wrapped in many EventLoopRef objects that compare equal (the server's NettyLoop)
    Map<EventLoopRef, List<Session>> byHome = new HashMap<>();
    for (Session s : sessions) {
      byHome.computeIfAbsent(s.home(), h -> new ArrayList<>()).add(s);
    }
    List<CompletableFuture<Round<T>>> futures = new ArrayList<>();
    byHome.forEach((loop, group) -> {
      CompletableFuture<Round<T>> f = new CompletableFuture<>();
      try {
        loop.execute(() -> f.complete(readOnLoop(group, reader)));
      } catch (RejectedExecutionException e) {
        f.completeExceptionally(e);
      }
      futures.add(f);
    });
    return futures;
  }

  private static <T> Round<T> readOnLoop(List<Session> group, Function<Session, T> reader) {
    List<T> read = new ArrayList<>();
    List<Session> moved = new ArrayList<>();
    for (Session s : group) {
      if (!s.home().inEventLoop()) {
        moved.add(s);
      } else if (!s.isEnded()) {
        read.add(reader.apply(s));
      }
    }
    return new Round<>(read, moved);
  }

  private <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopTimeoutException("interrupted while reading sessions");
    } catch (TimeoutException e) {
      throw new LoopTimeoutException("an event loop did not answer within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      throw new LoopTimeoutException("an event loop is not running (the broker is stopping?)");
    }
  }
}
