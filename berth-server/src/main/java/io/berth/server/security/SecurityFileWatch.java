package io.berth.server.security;

import io.berth.core.security.acl.AclFile;
import io.berth.core.security.acl.ReloadResult;
import io.berth.core.security.builtin.PasswordFile;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the user files and ACL files that changed on disk, every few seconds and on demand (SIGHUP): new logins
 * and new decisions use the new contents at once; a file broken by an edit is reported once and the old contents
 * stay in force.
 */
public final class SecurityFileWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SecurityFileWatch.class);
  private final AuthProviders providers;
  private final AuthorizationSources authorization;
  private ScheduledFuture<?> task;

  public SecurityFileWatch(AuthProviders providers, AuthorizationSources authorization) {
    this.providers = providers;
    this.authorization = authorization;
  }

  public void start(ScheduledExecutorService executor, long intervalMillis) {
    task = executor.scheduleWithFixedDelay(this::reloadChanged, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Reloads every file that changed; logs what happened. */
  public synchronized void reloadChanged() {
    for (PasswordFile f : providers.passwordFiles()) {
      PasswordFile.Reload r = f.reloadIfChanged();
      switch (r.outcome()) {
        case RELOADED -> log.info("user file {} reloaded: {} users", f.path(), f.size());
        case FAILED -> log.error("user file {} not reloaded, the previous users stay: {}", f.path(), r.problem());
        default -> { }
      }
    }
    for (AclFile f : authorization.files()) {
      ReloadResult r = f.reloadIfChanged();
      switch (r.status()) {
        case RELOADED -> log.info("{}", r.message());
        case FAILED -> log.error("{}", r.message());
        default -> { }
      }
    }
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
