package io.berth.server.api.auth;

import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import io.berth.server.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start: no admin exists, so "admin" is created with a random password that is printed once and written
 * to {@code <data_dir>/initial_admin_password} (mode 600). There are no default credentials anyone could guess; the
 * first login must change the password, which deletes the file.
 */
public final class InitialAdmin {
  public static final String USERNAME = "admin";
  public static final String PASSWORD_FILE = "initial_admin_password";
  private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

  private InitialAdmin() {}

  /** Creates the first admin if there is none. */
  public static void ensure(AdminStore store, Path dataDir, Secrets secrets) throws IOException {
    if (store.hasAdmins()) {
      return;
    }
    String password = secrets.readable(20);
    String hash = PasswordHashes.create(Scheme.BCRYPT, password.getBytes(StandardCharsets.UTF_8)).encoded();
    Path file = passwordFile(dataDir);
    SecretFiles.writeAtomically(file, password + "\n");
    store.addAdmin(new AdminAccount(USERNAME, hash, true, null, null, 0, List.of()));
    // The one place a password is logged, on purpose: the operator has to learn it somehow, once.
    log.warn("\n  Management API: created admin user \"{}\" with the password\n\n      {}\n\n  (also in {}, readable"
        + " by this user only). The first login must change it.\n", USERNAME, password, file);
  }

  public static Path passwordFile(Path dataDir) {
    return dataDir.resolve(PASSWORD_FILE);
  }

  static void forget(Path dataDir) {
    try {
      Files.deleteIfExists(passwordFile(dataDir));
    } catch (IOException e) {
      log.warn("could not delete {}: {}", passwordFile(dataDir), e.getMessage());
    }
  }
}
