package io.berth.it;

import java.util.concurrent.Executor;

/** Runs each task on a new daemon thread: for blocking background work in tests, never the shared common pool. */
final class OwnThread {
  static final Executor EXECUTOR = task -> {
    Thread t = new Thread(task, "test-background");
    t.setDaemon(true);
    t.start();
  };

  private OwnThread() {}
}
