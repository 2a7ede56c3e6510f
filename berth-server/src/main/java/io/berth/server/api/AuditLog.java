package io.berth.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.server.SecretFiles;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every admin action, one JSON line each in {@code <node.data_dir>/audit.log} (mode 600): time, user, address,
 * action, target, outcome. Callers pass names and ids only: never a password, token, secret or code.
 */
public final class AuditLog {
  public static final String FILE = "audit.log";
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private final Path file;
  private final ObjectMapper mapper;

  public AuditLog(Path dataDir, ObjectMapper mapper) throws IOException {
    this.file = dataDir.resolve(FILE);
    this.mapper = mapper;
    Files.createDirectories(dataDir);
    SecretFiles.createPrivate(file);
  }

  /**
   * @param user who ("admin", "api_key:...", or the name tried at a failed login)
   * @param action "login", "password_change", "listener_create", ...
   * @param target what it acted on ("tcp:api", a key), or "" for nothing
   * @param outcome "success", or the refusal's code ("BAD_USERNAME_OR_PWD", "LOCKED")
   */
  public synchronized void record(String user, String address, String action, String target, String outcome) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("user", user);
    line.put("address", address);
    line.put("action", action);
    line.put("target", target);
    line.put("outcome", outcome);
    try {
      Files.write(file, (mapper.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    } catch (IOException e) {
      log.warn("cannot append to {}: {} (lost: {} {} {} {})", file, e.getMessage(), user, action, target, outcome);
    }
  }

  /**
   * Runs {@code work} for the request's admin and records it under {@code action} and {@code target}: "success", or
   * the code of the {@link ApiException} it threw (thrown on).
   */
  public void audited(Context ctx, String action, String target, Runnable work) {
    String who = RequestInfo.principal(ctx).auditName();
    try {
      work.run();
      record(who, RequestInfo.address(ctx), action, target, "success");
    } catch (ApiException e) {
      record(who, RequestInfo.address(ctx), action, target, e.code());
      throw e;
    }
  }
}
