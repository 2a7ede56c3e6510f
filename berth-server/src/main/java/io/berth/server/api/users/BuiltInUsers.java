package io.berth.server.api.users;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.builtin.PasswordFileContent;
import io.berth.core.security.builtin.PasswordFileException;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import io.berth.server.api.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The built-in users' password file, changed as {@code berth passwd} changes it (the same {@link PasswordFileContent}
 * reading, hashing and atomic writing), then reloaded by the broker at once. Changes are serialized: each reads the
 * file, changes one user and writes it back, so two requests at once cannot lose one another's change.
 */
final class BuiltInUsers {
  /** New passwords are hashed as {@code berth passwd} does by default. */
  private static final Scheme SCHEME = Scheme.byId("bcrypt").orElseThrow();
  private final Path file; // null: no password_based provider configured
  private final Runnable reload;

  /** @param reload makes the broker read the changed file now (rather than at its next periodic check) */
  BuiltInUsers(Path file, Runnable reload) {
    this.file = file;
    this.reload = reload;
  }

  synchronized List<User> list() {
    return List.copyOf(read().users().values());
  }

  synchronized Optional<User> get(String userId) {
    return read().user(userId);
  }

  /** @return false when the user exists already */
  synchronized boolean create(String userId, byte[] password, boolean superuser) {
    PasswordFileContent content = read();
    if (content.user(userId).isPresent()) {
      return false;
    }
    write(content.with(new User(userId, hash(password), superuser)));
    return true;
  }

  /** @param password null to keep; {@code superuser} null to keep. @return the user, empty when unknown */
  synchronized Optional<User> update(String userId, byte[] password, Boolean superuser) {
    PasswordFileContent content = read();
    Optional<User> old = content.user(userId);
    if (old.isEmpty()) {
      return old;
    }
    User u = new User(userId, password == null ? old.get().passwordHash() : hash(password),
        superuser == null ? old.get().superuser() : superuser);
    write(content.with(u));
    return Optional.of(u);
  }

  /** @return false when there was no such user */
  synchronized boolean delete(String userId) {
    PasswordFileContent content = read();
    if (content.user(userId).isEmpty()) {
      return false;
    }
    write(content.without(userId));
    return true;
  }

  private static String hash(byte[] password) {
    try {
      return PasswordHashes.create(SCHEME, password).encoded();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("field 'password': " + e.getMessage());
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private PasswordFileContent read() {
    if (file == null) {
      throw ApiException.notFound("no built-in users: add authentication = [{mechanism = password_based, backend ="
          + " built_in_database, user_file = \"etc/passwd\"}] to berth.conf (and create the file with berth passwd"
          + " -c)");
    }
    try {
      return PasswordFileContent.read(file);
    } catch (PasswordFileException e) {
      throw new ApiException(500, "INTERNAL_ERROR", "the user file cannot be read: " + e.getMessage());
    }
  }

  private void write(PasswordFileContent content) {
    try {
      content.write(file);
    } catch (IOException e) {
      throw new ApiException(500, "INTERNAL_ERROR", "cannot write " + file + ": " + e.getMessage());
    }
    reload.run();
  }

  static byte[] bytes(String password) {
    return password.getBytes(StandardCharsets.UTF_8);
  }
}
