package io.berth.core.security.builtin;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.password.BcryptHash;
import io.berth.core.security.password.EmqxPbkdf2Hash;
import io.berth.core.security.password.EmqxSaltedHash;
import io.berth.core.security.password.MalformedHashException;
import io.berth.core.security.password.PasswordHash;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EMQX built-in database user exports, CSV ({@code user_id,password_hash,salt,is_superuser} header) or JSON (an array
 * of objects with those fields), turned into Berth users. EMQX does not export how the hashes were made: the
 * {@link Options} say it, as EMQX's {@code password_hash_algorithm} does. An export with a {@code password} column or
 * field instead of {@code password_hash} carries plain-text passwords.
 */
public final class EmqxUserExport {

  /** One user of an export, as it was written, with the line it starts on. */
  public record ExportedUser(String userId, String passwordHash, String salt, boolean superuser, boolean plain,
      int line) {}

  /**
   * How the export's hashes were made (EMQX's {@code password_hash_algorithm}).
   *
   * @param algorithm plain, md5, sha, sha256, sha512, bcrypt or pbkdf2
   * @param saltPosition prefix, suffix or disable (for plain and the digests)
   * @param macFun pbkdf2's mac_fun: sha, sha224, sha256, sha384, sha512
   * @param iterations pbkdf2's iterations
   * @param plainScheme the scheme plain-text passwords are hashed in
   */
  public record Options(String algorithm, String saltPosition, String macFun, int iterations, Scheme plainScheme) {
    public static final List<String> ALGORITHMS = List.of("plain", "md5", "sha", "sha256", "sha512", "bcrypt",
        "pbkdf2");

    public Options {
      if (!ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException("unknown EMQX hash algorithm " + algorithm + " (" + String.join(", ",
            ALGORITHMS) + ")");
      }
      if (!List.of("prefix", "suffix", "disable").contains(saltPosition)) {
        throw new IllegalArgumentException("the salt position is prefix, suffix or disable");
      }
      if (algorithm.equals("pbkdf2")) {
        EmqxPbkdf2Hash.of(macFun, iterations, new byte[0], new byte[1]); // checks mac_fun and iterations
      }
    }
  }

  private EmqxUserExport() {}

  /** Reads an export: JSON when its first non-blank character is '[', CSV otherwise. */
  public static List<ExportedUser> read(Path file) throws PasswordFileException {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw PasswordFileException.io(file, e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.stripLeading().startsWith("[") ? parseJson(file.toString(), text) : parseCsv(file.toString(), text);
  }

  // ---- CSV (RFC 4180: quoted fields, "" inside quotes, CRLF or LF) ----

  public static List<ExportedUser> parseCsv(String source, String text) throws PasswordFileException {
    List<List<String>> records = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean endOfRecord = false;
      while (!endOfRecord) {
        if (i < n && text.charAt(i) == '"') {
          i++;
          while (true) {
            if (i >= n) {
              throw new PasswordFileException(source, start, "a quoted field is not closed");
            }
            char c = text.charAt(i++);
            if (c == '"') {
              if (i < n && text.charAt(i) == '"') {
                field.append('"');
                i++;
              } else {
                break;
              }
            } else {
              if (c == '\n') {
                line++;
              }
              field.append(c);
            }
          }
        }
        while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n') {
          field.append(text.charAt(i++));
        }
        String value = field.toString();
        if (value.endsWith("\r") && (i >= n || text.charAt(i) == '\n')) {
          value = value.substring(0, value.length() - 1);
        }
        fields.add(value);
        field.setLength(0);
        if (i < n && text.charAt(i) == ',') {
          i++;
        } else {
          if (i < n) {
            i++; // the newline
            line++;
          }
          endOfRecord = true;
        }
      }
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue; // blank line
      }
      records.add(fields);
      starts.add(start);
    }
    if (records.isEmpty()) {
      throw new PasswordFileException(source, 0, "empty export (expected a user_id,password_hash,salt,is_superuser"
          + " header)");
    }
    List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    int userId = header.indexOf("user_id");
    int hash = header.indexOf("password_hash");
    int password = header.indexOf("password");
    int salt = header.indexOf("salt");
    int superuser = header.indexOf("is_superuser");
    if (userId < 0 || (hash < 0 && password < 0)) {
      throw new PasswordFileException(source, starts.get(0),
          "expected a header with user_id and password_hash (and salt, is_superuser), or user_id and password");
    }
    boolean plain = hash < 0;
    List<ExportedUser> users = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> f = records.get(r);
      int at = starts.get(r);
      if (f.size() != header.size()) {
        throw new PasswordFileException(source, at, "expected " + header.size() + " fields as in the header, found "
            + f.size());
      }
      users.add(new ExportedUser(f.get(userId), f.get(plain ? password : hash), salt < 0 ? "" : f.get(salt),
          superuser >= 0 && bool(source, at, f.get(superuser)), plain, at));
    }
    return users;
  }

  private static boolean bool(String source, int line, String value) throws PasswordFileException {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0", "" -> false;
      default -> throw new PasswordFileException(source, line, "is_superuser is true or false, not " + value);
    };
  }

  // ---- JSON: an array of flat objects ----

  public static List<ExportedUser> parseJson(String source, String text) throws PasswordFileException {
    ExportJsonReader json = new ExportJsonReader(source, text);
    List<ExportedUser> users = new ArrayList<>();
    json.skipBlanks();
    json.expect('[');
    json.skipBlanks();
    if (json.peek() == ']') {
      json.next();
    } else {
      while (true) {
        json.skipBlanks();
        int line = json.line;
        Map<String, Object> object = json.object();
        Object id = object.get("user_id");
        Object hash = object.get("password_hash");
        Object password = object.get("password");
        boolean plain = hash == null && password != null;
        Object salt = object.getOrDefault("salt", "");
        Object superuser = object.getOrDefault("is_superuser", Boolean.FALSE);
        if (!(id instanceof String)) {
          throw new PasswordFileException(source, line, "a user without a user_id string");
        }
        if (!((plain ? password : hash) instanceof String)) {
          throw new PasswordFileException(source, line, "user '" + id + "' has no password_hash (or password) string");
        }
        if (!(salt instanceof String) && salt != null) {
          throw new PasswordFileException(source, line, "user '" + id + "': salt is not a string");
        }
        boolean isSuperuser = superuser instanceof Boolean b ? b
            : superuser instanceof String s ? bool(source, line, s)
            : superuser == null ? false
            : bool(source, line, superuser.toString());
        users.add(new ExportedUser((String) id, (String) (plain ? password : hash), salt == null ? "" : (String) salt,
            isSuperuser, plain, line));
        json.skipBlanks();
        char c = json.next();
        if (c == ']') {
          break;
        }
        if (c != ',') {
          throw json.error("expected ',' or ']' after an object");
        }
      }
    }
    json.skipBlanks();
    if (json.pos < text.length()) {
      throw json.error("text after the array");
    }
    return users;
  }

  // ---- conversion ----

  /**
   * The Berth user for an exported one: the EMQX hash in a Berth form that verifies the same passwords (bcrypt as it
   * is; digests as {@code $emqx-<alg>$...}; PBKDF2 as {@code $emqx-pbkdf2-<mac>$...}), or for a plain-text password
   * a new hash in {@code options.plainScheme()}.
   *
   * @throws PasswordFileException naming the export's line when the user cannot be taken over
   */
  public static User convert(String source, ExportedUser user, Options options) throws PasswordFileException {
    String problem = PasswordFileContent.usernameProblem(user.userId());
    if (problem != null) {
      throw new PasswordFileException(source, user.line(), problem);
    }
    String who = "user '" + user.userId() + "': ";
    byte[] salt = user.salt().getBytes(StandardCharsets.UTF_8);
    String value = user.passwordHash();
    try {
      PasswordHash hash;
      if (user.plain() || options.algorithm().equals("plain")) {
        hash = PasswordHashes.create(options.plainScheme(), plainPassword(user, options));
      } else {
        hash = switch (options.algorithm()) {
          case "bcrypt" -> {
            PasswordHash parsed = PasswordHashes.parse(value);
            if (!(parsed instanceof BcryptHash)) {
              throw new IllegalArgumentException("password_hash is not a bcrypt hash");
            }
            yield parsed;
          }
          case "pbkdf2" -> EmqxPbkdf2Hash.of(options.macFun(), options.iterations(), salt, hex(value));
          default -> EmqxSaltedHash.of(options.algorithm(), options.saltPosition(), salt, hex(value));
        };
      }
      return new User(user.userId(), hash.encoded(), user.superuser());
    } catch (IllegalArgumentException | MalformedHashException e) {
      throw new PasswordFileException(source, user.line(), who + e.getMessage());
    }
  }

  private static byte[] plainPassword(ExportedUser user, Options options) {
    String value = user.passwordHash();
    String salt = user.salt();
    if (!user.plain() && !salt.isEmpty()) {
      // EMQX's "plain" with a salt stores salt + password (prefix) or password + salt (suffix)
      if (options.saltPosition().equals("prefix")) {
        if (!value.startsWith(salt)) {
          throw new IllegalArgumentException("the plain password_hash does not start with its salt");
        }
        value = value.substring(salt.length());
      } else if (options.saltPosition().equals("suffix")) {
        if (!value.endsWith(salt)) {
          throw new IllegalArgumentException("the plain password_hash does not end with its salt");
        }
        value = value.substring(0, value.length() - salt.length());
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hex(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.length() % 2 != 0 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("password_hash is not hex");
    }
    return HexFormat.of().parseHex(v);
  }
}
