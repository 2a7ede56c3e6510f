package io.berth.server.api.auth;

import io.berth.server.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The API key of {@code berth ctl} on this machine: made at every start of the management API, replacing the one
 * before (so a restart rotates it), written as "key:secret" to {@code <node.data_dir>/ctl.key} (mode 600, atomically)
 * for whoever may read the broker's files. It is an ordinary API key otherwise: stored as a digest in admins.json,
 * listed by {@code GET /api/v5/api_key} (every credential that can act should be visible) and revocable there.
 */
public final class CtlKey {
  public static final String FILE = "ctl.key";
  /** Marks the key as the one this class makes; no admin has this name (it has spaces). */
  public static final String CREATED_BY = "berth start";
  static final String NAME = "berth ctl (local, replaced at every start)";

  private CtlKey() {}

  /** Replaces the previous key of berth ctl with a new one and writes it to the data directory. */
  public static void issue(AdminStore store, Path dataDir, Secrets secrets) throws IOException {
    String key = secrets.hex(8);
    String secret = secrets.token();
    store.replaceApiKeys(k -> k.createdBy().equals(CREATED_BY), new ApiKey(key, NAME, Secrets.sha256(secret),
        CREATED_BY, Instant.now().toString()));
    SecretFiles.writeAtomically(file(dataDir), key + ":" + secret + "\n");
  }

  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE);
  }
}
